/* content.h - the agreement's body and signing data that both loaders
 * share: signing authorities (Nghị định 30/2020), the sections of Nội dung
 * with their numbering, the witness and the annex. Kept apart from the
 * loaders so that either loader can call it with one line. */
#ifndef TD_CONTENT_H
#define TD_CONTENT_H

/* Does a signing authority start with one of the prefixes of Nghị định 30
 * (TM., KT., Q., TL., TUQ.)? Case and the space after the dot as written
 * are kept; the prefix must be in capitals. */
int td_authority_valid(const char *authority);

/* The prefixes, for messages: "TM., KT., Q., TL. hoặc TUQ.". */
#define TD_AUTHORITY_LIST_VI "\"TM.\", \"KT.\", \"Q.\", \"TL.\" hay \"TUQ.\""
#define TD_AUTHORITY_LIST_EN "\"TM.\", \"KT.\", \"Q.\", \"TL.\" or \"TUQ.\""

#endif
