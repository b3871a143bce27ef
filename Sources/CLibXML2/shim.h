#ifndef PAXSIM_CLIBXML2_SHIM_H
#define PAXSIM_CLIBXML2_SHIM_H

// Debian builds libxml2 with ICU; its ICU types clash with Foundation's ICU module.
#undef LIBXML_ICU_ENABLED

#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlIO.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlschemastypes.h>
#include <libxml/xmlmemory.h>

/// `xmlFree` is a mutable C global (a function pointer); Swift 6 rejects access to it.
static inline void paxsim_xmlFree(void *ptr) { xmlFree(ptr); }

/// Builds a parser input that reads a private copy of `bytes` and remembers `url`
/// so that relative `xs:include` locations inside it resolve against it.
static inline xmlParserInputPtr paxsim_newMemoryInput(xmlParserCtxtPtr ctxt, const char *url,
                                                      const char *bytes, int length) {
    xmlParserInputBufferPtr buffer = xmlParserInputBufferCreateMem(bytes, length, XML_CHAR_ENCODING_NONE);
    if (buffer == NULL) return NULL;
    xmlParserInputPtr input = xmlNewIOInputStream(ctxt, buffer, XML_CHAR_ENCODING_NONE);
    if (input == NULL) { xmlFreeParserInputBuffer(buffer); return NULL; }
    input->filename = (const char *)xmlStrdup((const xmlChar *)url);
    return input;
}

/// The parser context's current nesting depth (number of open elements).
static inline int paxsim_ctxtDepth(xmlParserCtxtPtr ctxt) { return ctxt->nameNr; }

#endif
