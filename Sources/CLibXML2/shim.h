// CLibXML2: the thin bridge to libxml2. Imported by FeedParse only.
//
// Why this shim exists: `xmlFree` is a global function pointer (or, in thread-alloc
// builds, a macro) that Swift cannot call reliably; the parser option flags are enum
// constants we want as plain ints; and the structured error handler needs a stable
// C signature.
#ifndef CLIBXML2_SHIM_H
#define CLIBXML2_SHIM_H

// Debian builds libxml2 with ICU, so <libxml/encoding.h> pulls in <unicode/ucnv.h>. Those
// system ICU headers clash with the copy Foundation carries (_FoundationICU: "UErrorCode is
// not present in definition..."), which breaks any module that sees both. We never touch the
// ICU-only fields (the trailing members of xmlCharEncodingHandler, only ever used through
// pointers), so hide them: read xmlversion.h first, then forget the ICU switch.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <libxml/uri.h>
#include <libxml/encoding.h>
// XML feeds are built from SAX2 events: the default SAX2 handlers (sub-contexts, DTD) and
// XML_MAX_TEXT_LENGTH, the text-node limit of libxml2's own tree builder that we keep.
#include <libxml/SAX2.h>
#include <libxml/parserInternals.h>

/// Frees memory that libxml2 allocated (xmlNodeGetContent, xmlGetProp, ...).
static inline void CLibXML2_free(void *pointer) {
    if (pointer != NULL) {
        xmlFree(pointer);
    }
}

/// Drops a message of libxml2's generic error channel (encoding and I/O errors that no
/// parser context sees), which would otherwise be printed on stderr, in the daemon's log.
static void CLibXML2_discardGenericError(void *context, const char *message, ...) {
    (void)context;
    (void)message;
}

/// Silences the generic error channel of the calling thread (libxml2 keeps it per thread).
static inline void CLibXML2_silenceGenericErrors(void) {
    xmlSetGenericErrorFunc(NULL, CLibXML2_discardGenericError);
}

#endif
