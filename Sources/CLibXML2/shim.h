// CLibXML2: the thin bridge to libxml2. Imported by FeedParse only.
//
// Why this shim exists: `xmlFree` is a global function pointer (or, in thread-alloc
// builds, a macro) that Swift cannot call reliably; the parser option flags are enum
// constants we want as plain ints; and the structured error handler needs a stable
// C signature.
#ifndef CLIBXML2_SHIM_H
#define CLIBXML2_SHIM_H

#include <libxml/parser.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <libxml/uri.h>
#include <libxml/encoding.h>

/// Frees memory that libxml2 allocated (xmlNodeGetContent, xmlGetProp, ...).
static inline void CLibXML2_free(void *pointer) {
    if (pointer != NULL) {
        xmlFree(pointer);
    }
}

#endif
