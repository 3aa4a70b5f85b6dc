/* template.c - the public template API: open and compile a template once
 * (content.xml and styles.xml), fill it from any data tree many times
 * (td_template_fill_value; the cluster's own fill is in src/api/fill.c). */
#include "thidua.h"
#include "odf/package.h"
#include "tmpl/template.h"
#include "tmpl/tmpl_int.h"
#include "util/alloc.h"
#include "util/diag.h"
#include "util/error.h"
#include "util/compat.h"

#include <stdlib.h>
#include <pthread.h>
#include <string.h>

#define MIME_TEXT "application/vnd.oasis.opendocument.text"
#define MIME_SHEET "application/vnd.oasis.opendocument.spreadsheet"

static const char *const filled_parts[] = { "content.xml", "styles.xml" };
#define N_PARTS 2

struct thidua_template {
	char *path;
	td_pkg *pkg;
	int is_sheet;
	xmlDocPtr docs[N_PARTS];
	int has_formulas[N_PARTS]; /* spreadsheet part whose references move */
	/* A part without a single tag comes out the same whatever the data:
	 * rendered and deflated once, when the template is opened. */
	struct {
		char *z;              /* owned; NULL when the part has tags */
		size_t zlen;
		uint64_t size;
		uint32_t crc;
	} fixed[N_PARTS];
	/* A flat template's other parts (meta.xml, settings.xml), copied into
	 * every filled document: deflated once too, in package order. */
	struct rest_part {
		char *name;           /* owned */
		const char *media_type; /* borrowed from pkg */
		char *z;              /* owned */
		size_t zlen;
		uint64_t size;
		uint32_t crc;
	} *rest;
	size_t n_rest;
	xmlNsPtr td_ns;
	void **owned;
	size_t n_owned, cap_owned;
};

void thidua_template_free(thidua_template *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < N_PARTS; i++) {
		if (t->docs[i])
			xmlFreeDoc(t->docs[i]);
		td_free(t->fixed[i].z);
	}
	for (i = 0; i < t->n_rest; i++) {
		td_free(t->rest[i].name);
		td_free(t->rest[i].z);
	}
	td_free(t->rest);
	for (i = 0; i < t->n_owned; i++) {
		uintptr_t p = (uintptr_t)t->owned[i];
		void *ptr = (void *)(p & ~(uintptr_t)3);
		switch (p & 3u) {
		case 1:
			td_tag_free(ptr);
			break;
		case 2:
			td_free(((td_block *)ptr)->branches);
			td_free(ptr);
			break;
		default:
			td_free(ptr);
		}
	}
	td_free(t->owned);
	if (t->td_ns)
		xmlFreeNs(t->td_ns);
	td_pkg_free(t->pkg);
	td_free(t->path);
	td_free(t);
}

const char *td_template_dir(const thidua_fill_options *opts)
{
	return opts && opts->template_dir && *opts->template_dir ? opts->template_dir
	                                                         : thidua_template_dir();
}

int td_template_is_sheet(const thidua_template *t) { return t && t->is_sheet; }

#ifndef THIDUA_DEFAULT_TEMPLATE_DIR
/* No folder compiled in (the Windows builds, which are unpacked anywhere):
 * "templates" beside the program or DLL that holds the library. */
static char module_templates[4096 + 16];
static pthread_once_t module_templates_once = PTHREAD_ONCE_INIT;

static void find_module_templates(void)
{
	static const char anchor = 0;
	const char *sep;

	if (td_module_path(&anchor, module_templates, sizeof module_templates - 16) < 0) {
		strcpy(module_templates, "templates");
		return;
	}
	sep = td_last_sep(module_templates);
	strcpy(sep ? (char *)sep + 1 : module_templates, "templates");
}
#endif

const char *thidua_template_dir(void)
{
	const char *e = getenv("THIDUA_TEMPLATE_DIR");

	if (e && *e)
		return e;
#ifdef THIDUA_DEFAULT_TEMPLATE_DIR
	return THIDUA_DEFAULT_TEMPLATE_DIR;
#else
	pthread_once(&module_templates_once, find_module_templates);
	return module_templates;
#endif
}

static int starts_with(const char *s, const char *p) { return strncmp(s, p, strlen(p)) == 0; }

/* Render part i of a compiled template into out. 0, THIDUA_ENOMEM, or
 * another negative code when a tag failed (reported to diags). */
static int render_part(const thidua_template *t, size_t i, const td_scope *root, td_buf *out,
                       thidua_diags *diags, int (*sink)(void *, td_buf *),
                       void *sink_ctx, td_pieces *pieces)
{
	td_render rc_part;
	int r;

	memset(&rc_part, 0, sizeof rc_part);
	rc_part.file = t->path;
	rc_part.part = filled_parts[i];
	rc_part.diags = diags;
	rc_part.is_sheet = t->is_sheet;
	rc_part.sink = sink;
	rc_part.sink_ctx = sink_ctx;
	rc_part.pieces = pieces;
	if (t->has_formulas[i] && !(rc_part.map = td_rowmap_new()))
		return td_error_oom();
	r = td_render_part(&rc_part, out, t->docs[i], root);
	td_rowmap_free(rc_part.map);
	return r;
}

/* Render and deflate, once, each part that has no tag. */
static int fix_tagless(thidua_template *t, const int *tagless)
{
	td_value *empty = td_v_map();
	td_scope root;
	size_t i;
	int rc = 0;

	if (!empty)
		return td_error_oom();
	memset(&root, 0, sizeof root);
	root.root = empty;
	for (i = 0; i < N_PARTS && !rc; i++) {
		td_buf b = TD_BUF_INIT;

		if (!t->docs[i] || !tagless[i])
			continue;
		rc = render_part(t, i, &root, &b, NULL, NULL, NULL, NULL);
		if (rc == 0)
			rc = td_pkg_deflate(b.ptr ? b.ptr : "", b.len, &t->fixed[i].z,
			                    &t->fixed[i].zlen, &t->fixed[i].crc);
		t->fixed[i].size = b.len;
		td_buf_free(&b);
		if (rc && rc != THIDUA_ENOMEM)
			rc = 0; /* rendered at each fill then, as parts with tags are */
	}
	td_v_unref(empty);
	return rc;
}

/* A flat template's parts other than the filled ones, deflated once
 * (what td_pkg_writer_copy_rest would deflate at every fill). */
static int fix_rest(thidua_template *t)
{
	size_t i, j, n = td_pkg_part_count(t->pkg);
	int rc = 0;

	if (!td_pkg_is_flat(t->pkg) || !n)
		return 0;
	if (!(t->rest = td_calloc(n, sizeof *t->rest)))
		return td_error_oom();
	for (i = 0; i < n && !rc; i++) {
		const char *name = td_pkg_part_name(t->pkg, i);
		struct rest_part *r = &t->rest[t->n_rest];
		char *data = NULL;
		size_t len = 0;

		for (j = 0; j < N_PARTS && strcmp(name, filled_parts[j]); j++)
			;
		if (j < N_PARTS || !strcmp(name, "mimetype") || !strncmp(name, "META-INF/", 9) ||
		    !strncmp(name, "Thumbnails/", 11))
			continue;
		if (!(r->name = td_strdup(name)))
			return td_error_oom();
		t->n_rest++;
		r->media_type = td_pkg_part_media_type(t->pkg, name);
		if ((rc = td_pkg_read(t->pkg, name, &data, &len)) == 0)
			rc = td_pkg_deflate(data ? data : "", len, &r->z, &r->zlen, &r->crc);
		r->size = len;
		td_free(data);
	}
	return rc;
}

int thidua_template_open(thidua_template **out, const char *path, thidua_diags *diags)
{
	thidua_template *t = NULL;
	const char *mime;
	size_t i, first_diag = thidua_diags_count(diags), owned_before;
	int rc, failed = 0, tagless[N_PARTS] = { 0 };

	*out = NULL;
	if (!path)
		return td_error(THIDUA_EINVAL, "Thiếu đường dẫn mẫu.", "No template path given.");
	t = td_calloc(1, sizeof *t);
	if (!t || !(t->path = td_strdup(path))) {
		rc = td_error_oom();
		goto cleanup;
	}
	t->td_ns = xmlNewNs(NULL, (const xmlChar *)TD_NS, (const xmlChar *)"td");
	if (!t->td_ns) {
		rc = td_error_oom();
		goto cleanup;
	}
	rc = td_pkg_open(&t->pkg, path, NULL);
	if (rc < 0)
		goto cleanup;
	mime = td_pkg_mimetype(t->pkg);
	if (!mime || !(starts_with(mime, MIME_TEXT) || starts_with(mime, MIME_SHEET))) {
		rc = td_error(THIDUA_EFORMAT,
		              "%s không phải mẫu văn bản (Writer) hay bảng tính (Calc) ODF (kiểu: %s).",
		              "%s is not an ODF text (Writer) or spreadsheet (Calc) template (type: %s).",
		              path, mime ? mime : "?", path, mime ? mime : "?");
		goto cleanup;
	}
	t->is_sheet = starts_with(mime, MIME_SHEET);
	for (i = 0; i < N_PARTS; i++) {
		td_compile cc;
		xmlNodePtr root;

		owned_before = t->n_owned;
		if (!td_pkg_has_part(t->pkg, filled_parts[i]))
			continue;
		rc = td_pkg_parse(t->pkg, filled_parts[i], &t->docs[i]);
		if (rc < 0)
			goto cleanup;
		root = xmlDocGetRootElement(t->docs[i]);
		if (!root)
			continue;
		memset(&cc, 0, sizeof cc);
		cc.file = path;
		cc.part = filled_parts[i];
		cc.is_sheet = t->is_sheet;
		cc.diags = diags;
		cc.owned = &t->owned;
		cc.n_owned = &t->n_owned;
		cc.cap_owned = &t->cap_owned;
		cc.td_ns = t->td_ns;
		if (t->is_sheet) {
			int f;
			/* rows are numbered as the template's formulas see them:
			 * after expanding repeats, before tag rows are removed */
			if (td_ods_prepare(&cc, root) < 0 || (f = td_ods_index_rows(&cc, root)) < 0) {
				rc = td_error_oom();
				goto cleanup;
			}
			t->has_formulas[i] = f;
		}
		if (td_scan_part(&cc, root) < 0 ||
		    (!cc.failed && td_blocks_build(&cc, root) < 0) ||
		    (t->is_sheet && !cc.failed && td_ods_mark_typed(&cc, root) < 0)) {
			rc = td_error_oom();
			goto cleanup;
		}
		/* decided by the compile itself, not by the diagnostics list,
		 * which may be NULL (or lost a message to OOM): a part that
		 * failed keeps unmatched statement markers */
		if (cc.failed)
			failed = 1;
		else
			td_blocks_mark_loop_use(root);
		/* every tag, block and row note of a part is owned by t */
		tagless[i] = t->n_owned == owned_before;
		if (!t->is_sheet && !tagless[i] && !cc.failed && td_render_fix_static(&cc, root) < 0) {
			rc = td_error_oom();
			goto cleanup;
		}
	}
	if (failed) {
		size_t n = thidua_diags_count(diags) - first_diag;
		if (!n)
			n = 1;
		rc = td_error(THIDUA_ETEMPLATE, "Mẫu %s có %zu lỗi.", "Template %s has %zu error(s).",
		              path, n, path, n);
		goto cleanup;
	}
	if ((rc = fix_tagless(t, tagless)) < 0 || (rc = fix_rest(t)) < 0)
		goto cleanup;
	*out = t;
	t = NULL;
	rc = 0;
cleanup:
	thidua_template_free(t);
	return rc;
}

/* Where a part's text goes when it is too large to hold whole: the writer,
 * opened at the first megabyte. */
typedef struct fill_out {
	const thidua_template *t;
	const char *out_path;
	unsigned pkg_flags;
	td_pkg_writer *w;        /* NULL until opened */
	size_t part;             /* the part being rendered */
	int streaming;           /* it is being streamed into w */
} fill_out;

static int open_writer(fill_out *fo)
{
	if (fo->w)
		return 0;
	return td_pkg_writer_open(&fo->w, fo->out_path,
	                          td_odf_filled_mimetype(td_pkg_mimetype(fo->t->pkg)),
	                          fo->pkg_flags);
}

static int stream_sink(void *ctx, td_buf *text)
{
	fill_out *fo = ctx;
	int rc;

	if (!fo->streaming) {
		if ((rc = open_writer(fo)) < 0 ||
		    (rc = td_pkg_writer_stream_begin(fo->w, filled_parts[fo->part], "text/xml")) < 0)
			return rc;
		fo->streaming = 1;
	}
	return td_pkg_writer_stream_take(fo->w, text);
}

/* The last piece of a part: up to its end. */
static void pieces_end(td_pieces *p, size_t len)
{
	size_t *e;
	const td_zpiece **z;

	if (p->oom)
		return;
	e = td_realloc(p->ends, (p->n + 1) * sizeof *e);
	if (!e) {
		p->oom = 1;
		return;
	}
	p->ends = e;
	z = td_realloc(p->pre, (p->n + 1) * sizeof *z);
	if (!z) {
		p->oom = 1;
		return;
	}
	p->pre = z;
	p->ends[p->n] = len;
	p->pre[p->n++] = NULL;
	p->cap = p->n;
}

static int fill_to(const thidua_template *t, td_value *data, const char *out_path,
                   unsigned pkg_flags, thidua_diags *diags)
{
	td_buf parts[N_PARTS] = { TD_BUF_INIT, TD_BUF_INIT };
	td_pieces pieces[N_PARTS];
	int streamed[N_PARTS] = { 0 };
	fill_out fo;
	td_scope root;
	size_t i;
	int rc = 0, failed = 0;

	if (!t || !data || !out_path)
		return td_error(THIDUA_EINVAL, "Thiếu tham số.", "Missing argument.");
	memset(&fo, 0, sizeof fo);
	memset(pieces, 0, sizeof pieces);
	fo.t = t;
	fo.out_path = out_path;
	fo.pkg_flags = pkg_flags;
	memset(&root, 0, sizeof root);
	root.root = data;
	for (i = 0; i < N_PARTS; i++) {
		int r;
		if (!t->docs[i] || t->fixed[i].z)
			continue;
		fo.part = i;
		fo.streaming = 0;
		r = render_part(t, i, &root, &parts[i], diags, stream_sink, &fo, &pieces[i]);
		if (r == 0 && fo.streaming) {
			/* the rest of a part too large to hold whole */
			r = td_pkg_writer_stream_write(fo.w, parts[i].ptr ? parts[i].ptr : "", parts[i].len);
			if (r == 0)
				r = td_pkg_writer_stream_end(fo.w);
			td_buf_free(&parts[i]);
			streamed[i] = 1;
		}
		if (r < 0 && r != THIDUA_ETEMPLATE) {
			rc = r;
			goto cleanup;
		}
		if (r < 0)
			failed = 1;
	}
	if (failed) {
		rc = td_error(THIDUA_ETEMPLATE,
		              "Không điền được mẫu %s: có lỗi khi tính giá trị các thẻ.",
		              "Could not fill template %s: some tags could not be evaluated.",
		              t->path, t->path);
		goto cleanup;
	}
	if ((rc = open_writer(&fo)) < 0)
		goto cleanup;
	for (i = 0; i < N_PARTS; i++) {
		if (!t->docs[i] || streamed[i])
			continue;
		if (t->fixed[i].z) {
			rc = td_pkg_writer_add_deflated(fo.w, filled_parts[i], "text/xml", t->fixed[i].z,
			                                t->fixed[i].zlen, t->fixed[i].size,
			                                t->fixed[i].crc);
		} else if (pieces[i].n && !pieces[i].oom) {
			/* its large static subtrees were deflated when it was compiled */
			pieces_end(&pieces[i], parts[i].len);
			rc = pieces[i].oom ? td_error_oom()
			                   : td_pkg_writer_add_pieces_pre(fo.w, filled_parts[i], "text/xml",
			                                                  parts[i].ptr, parts[i].len,
			                                                  pieces[i].ends, pieces[i].pre,
			                                                  pieces[i].n, NULL);
		} else {
			rc = td_pkg_writer_add(fo.w, filled_parts[i], "text/xml", parts[i].ptr,
			                       parts[i].len);
		}
		td_buf_free(&parts[i]);
		if (rc < 0)
			goto cleanup;
	}
	if (td_pkg_is_flat(t->pkg)) {
		for (i = 0; i < t->n_rest && rc == 0; i++)
			rc = td_pkg_writer_add_deflated(fo.w, t->rest[i].name, t->rest[i].media_type,
			                                t->rest[i].z, t->rest[i].zlen, t->rest[i].size,
			                                t->rest[i].crc);
	} else {
		rc = td_pkg_writer_copy_rest(fo.w, t->pkg);
	}
	if (rc < 0)
		goto cleanup;
	rc = td_pkg_writer_commit(fo.w);
cleanup:
	td_pkg_writer_free(fo.w);
	for (i = 0; i < N_PARTS; i++) {
		td_buf_free(&parts[i]);
		td_pieces_clear(&pieces[i]);
	}
	return rc;
}

int td_template_fill_value(const thidua_template *t, td_value *data, const char *out_path,
                           const thidua_fill_options *opts, thidua_diags *diags)
{
	return fill_to(t, data, out_path, opts && opts->overwrite ? TD_PKG_OVERWRITE : 0, diags);
}

int td_template_fill_staged(const thidua_template *t, td_value *data, const char *staged_path,
                            thidua_diags *diags)
{
	return fill_to(t, data, staged_path, TD_PKG_STAGED, diags);
}
