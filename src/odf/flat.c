/* flat.c - presenting a flat ODF document (office:document, ODF 1.3 Part 3,
 * 3.1.2) as the parts of a package: content.xml, styles.xml, meta.xml and
 * settings.xml (Part 3, 3.1.3), each serialized once at open. */
#include "odf/package_int.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"

#include <string.h>
#include <libxml/tree.h>
#include <libxml/xmlsave.h>

/* Which children of office:document go into which part, in schema order. */
typedef struct flat_part {
	const char *name;
	const char *root;
	const char *children[5];
	int optional;          /* left out when none of its children exists */
} flat_part;

static const flat_part flat_parts[] = {
	{ "content.xml", "document-content",
	  { "scripts", "font-face-decls", "automatic-styles", "body", NULL }, 0 },
	{ "styles.xml", "document-styles",
	  { "font-face-decls", "styles", "automatic-styles", "master-styles", NULL }, 0 },
	{ "meta.xml", "document-meta", { "meta", NULL }, 1 },
	{ "settings.xml", "document-settings", { "settings", NULL }, 1 },
};

#define NFLAT (sizeof flat_parts / sizeof flat_parts[0])

static int is_office(xmlNodePtr n, const char *local)
{
	return n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
	       !strcmp((const char *)n->ns->href, TD_NS_OFFICE) &&
	       (!local || !strcmp((const char *)n->name, local));
}

static int wanted(const flat_part *fp, xmlNodePtr n)
{
	size_t i;

	if (!is_office(n, NULL))
		return 0;
	for (i = 0; fp->children[i]; i++)
		if (!strcmp((const char *)n->name, fp->children[i]))
			return 1;
	return 0;
}

static int dump_write(void *ctx, const char *data, int len)
{
	return td_buf_put(ctx, data, (size_t)len) < 0 ? -1 : len;
}

/* Build one part's document from the flat root and serialize it; the new
 * root declares every namespace the flat root declares. *xml is owned by
 * the caller (td_free); *xml is left NULL for an optional part with no
 * content. */
static int build_part(const td_pkg *pkg, const flat_part *fp, xmlDocPtr src, xmlNodePtr sroot,
                      const xmlChar *version, xmlChar **xml, size_t *xml_len)
{
	xmlDocPtr doc = NULL;
	xmlNodePtr root, c, clone;
	xmlNsPtr office, ns;
	xmlOutputBufferPtr out;
	td_buf b = TD_BUF_INIT;
	unsigned long failures;
	int rc = 0, any = 0, size = 0;

	*xml = NULL;
	*xml_len = 0;
	for (c = sroot->children; c && !any; c = c->next)
		any = wanted(fp, c);
	if (!any && fp->optional)
		return 0;
	doc = xmlNewDoc((const xmlChar *)"1.0");
	if (!doc)
		goto oom;
	root = xmlNewDocNode(doc, NULL, (const xmlChar *)fp->root, NULL);
	if (!root)
		goto oom;
	xmlDocSetRootElement(doc, root);
	/* one by one onto the root (which owns each at once): libxml2 2.9's
	 * xmlCopyNamespaceList leaks the copies made when one fails */
	for (ns = sroot->nsDef; ns; ns = ns->next) {
		failures = td_alloc_failures();
		if (!xmlNewNs(root, ns->href, ns->prefix) && td_alloc_failures() != failures)
			goto oom;
	}
	/* A prefixed declaration: office:version is an attribute, and an
	 * attribute never takes the default namespace. */
	for (office = root->nsDef; office; office = office->next)
		if (office->prefix && !strcmp((const char *)office->href, TD_NS_OFFICE))
			break;
	if (!office) {
		office = xmlNewNs(root, (const xmlChar *)TD_NS_OFFICE, (const xmlChar *)"office");
		if (!office)
			office = xmlNewNs(root, (const xmlChar *)TD_NS_OFFICE,
			                  (const xmlChar *)"thidua-office");
		if (!office)
			goto oom;
	}
	xmlSetNs(root, office);
	if (version && !xmlNewNsProp(root, office, (const xmlChar *)"version", version))
		goto oom;
	for (c = sroot->children; c; c = c->next) {
		if (!wanted(fp, c))
			continue;
		clone = NULL;
		if (xmlDOMWrapCloneNode(NULL, src, c, &clone, doc, root, 1, 0) != 0 || !clone) {
			if (clone)
				xmlFreeNode(clone);
			rc = td_error(THIDUA_EFORMAT, "Không tách được %s từ tài liệu phẳng %s.",
			              "Cannot split %s out of the flat document %s.", fp->name,
			              pkg->path);
			goto cleanup;
		}
		xmlAddChild(root, clone);
	}
	/* through an output buffer writing into ours: libxml2 2.9's
	 * xmlDocDumpMemoryEnc leaks its buffer when an allocation fails */
	out = xmlOutputBufferCreateIO(dump_write, NULL, &b, NULL);
	if (!out)
		goto oom;
	failures = td_alloc_failures();
	size = xmlSaveFileTo(out, doc, "UTF-8");   /* closes out */
	if (size < 0 || td_buf_oom(&b) || td_alloc_failures() != failures)
		goto oom;
	*xml_len = b.len;
	*xml = (xmlChar *)td_buf_detach(&b);
	if (!*xml)
		goto oom;
	goto cleanup;
oom:
	rc = td_error_oom();
cleanup:
	td_buf_free(&b);
	if (doc)
		xmlFreeDoc(doc);
	return rc;
}

int td_flat_load(td_pkg *pkg, const char *data, size_t len)
{
	xmlDocPtr doc = NULL;
	xmlNodePtr root;
	xmlChar *mimetype = NULL, *version = NULL, *xml = NULL;
	size_t i, xml_len;
	td_part *p;
	int rc;

	rc = td_xml_parse_in(&doc, data, len, pkg->path, NULL);
	if (rc)
		goto cleanup;
	root = xmlDocGetRootElement(doc);
	if (!root || !is_office(root, "document")) {
		rc = td_error(THIDUA_EFORMAT,
		              "Tệp %s là XML nhưng không phải tài liệu ODF phẳng (.fodt/.fods).",
		              "%s is XML but not a flat ODF document (.fodt/.fods).", pkg->path);
		goto cleanup;
	}
	mimetype = xmlGetNsProp(root, (const xmlChar *)"mimetype", (const xmlChar *)TD_NS_OFFICE);
	if (!mimetype || !*mimetype) {
		rc = td_error(THIDUA_EFORMAT,
		              "Tài liệu phẳng %s thiếu thuộc tính office:mimetype.",
		              "The flat document %s has no office:mimetype attribute.", pkg->path);
		goto cleanup;
	}
	pkg->mimetype = td_strdup((const char *)mimetype);
	if (!pkg->mimetype) {
		rc = td_error_oom();
		goto cleanup;
	}
	version = xmlGetNsProp(root, (const xmlChar *)"version", (const xmlChar *)TD_NS_OFFICE);
	pkg->parts = td_calloc(NFLAT, sizeof *pkg->parts);
	if (!pkg->parts) {
		rc = td_error_oom();
		goto cleanup;
	}
	for (i = 0; i < NFLAT; i++) {
		rc = build_part(pkg, &flat_parts[i], doc, root, version, &xml, &xml_len);
		if (rc)
			goto cleanup;
		if (!xml)
			continue;
		p = &pkg->parts[pkg->nparts];
		p->xml = xml;
		p->xml_len = xml_len;
		pkg->nparts++;
		xml = NULL;
		p->name = td_strdup(flat_parts[i].name);
		p->media_type = td_strdup("text/xml");
		if (!p->name || !p->media_type) {
			rc = td_error_oom();
			goto cleanup;
		}
		p->size = p->comp_size = xml_len;
	}
cleanup:
	if (mimetype)
		xmlFree(mimetype);
	if (version)
		xmlFree(version);
	if (doc)
		xmlFreeDoc(doc);
	return rc;
}
