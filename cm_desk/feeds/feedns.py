"""Element and attribute names as feedparser sees them, for the fast feed parser.

feedparser names an element by the *conventional* prefix of its namespace
(``dc:creator`` whatever the document calls Dublin Core), drops the prefix of
the core namespaces (so ``atom:link`` inside RSS is a plain ``link``),
lower-cases everything, and names an element of a namespace it does not know
by the document's own prefix. :class:`Names` does the same for one document,
and refuses (:class:`UnsureError`) the prefix games where feedparser's
bookkeeping would make the answer depend on declaration order: one prefix
bound to two namespaces, an unknown namespace under two prefixes, a
document prefix that is another namespace's conventional one.
"""

from __future__ import annotations

from collections import defaultdict
from xml.etree.ElementTree import Element


class UnsureError(Exception):
    """The fast path cannot be sure to read this as feedparser would; use feedparser."""


ATOM = "http://www.w3.org/2005/Atom"
XLINK = "http://www.w3.org/1999/xlink"

# The namespaces feedparser knows and the prefix it gives each ('' = core).
_CORE = (
    "",
    "http://backend.userland.com/rss",
    "http://blogs.law.harvard.edu/tech/rss",
    "http://purl.org/rss/1.0/",
    "http://my.netscape.com/rdf/simple/0.9/",
    "http://example.com/newformat#",
    "http://example.com/necho",
    "http://purl.org/echo/",
    "uri/of/echo/namespace#",
    "http://purl.org/pie/",
    "http://purl.org/atom/ns#",
    ATOM,
    "http://purl.org/rss/1.0/modules/rss091#",
)
_MODULE = "http://purl.org/rss/1.0/modules/"
_PREFIXED = {
    "admin": ("http://webns.net/mvcb/",),
    "ag": (_MODULE + "aggregation/",),
    "annotate": (_MODULE + "annotate/",),
    "audio": ("http://media.tangent.org/rss/1.0/",),
    "blogChannel": ("http://backend.userland.com/blogChannelModule",),
    "cc": ("http://creativecommons.org/ns#license", "http://web.resource.org/cc/"),
    "creativeCommons": (
        "http://cyber.law.harvard.edu/rss/creativeCommonsRssModule.html",
        "http://backend.userland.com/creativeCommonsRssModule",
    ),
    "co": (_MODULE + "company",),
    "content": (_MODULE + "content/",),
    "cp": ("http://my.theinfo.org/changed/1.0/rss/",),
    "dc": ("http://purl.org/dc/elements/1.1/",),
    "dcterms": ("http://purl.org/dc/terms/",),
    "email": (_MODULE + "email/",),
    "ev": (_MODULE + "event/",),
    "feedburner": ("http://rssnamespace.org/feedburner/ext/1.0",),
    "fm": ("http://freshmeat.net/rss/fm/",),
    "foaf": ("http://xmlns.com/foaf/0.1/",),
    "geo": ("http://www.w3.org/2003/01/geo/wgs84_pos#",),
    "georss": ("http://www.georss.org/georss",),
    "gml": ("http://www.opengis.net/gml",),
    "icbm": ("http://postneo.com/icbm/",),
    "image": (_MODULE + "image/",),
    "itunes": (
        "http://www.itunes.com/DTDs/PodCast-1.0.dtd",
        "http://example.com/DTDs/PodCast-1.0.dtd",
    ),
    "l": (_MODULE + "link/",),
    "media": ("http://search.yahoo.com/mrss", "http://search.yahoo.com/mrss/"),
    "pingback": ("http://madskills.com/public/xml/rss/module/pingback/",),
    "prism": ("http://prismstandard.org/namespaces/1.2/basic/",),
    "rdf": ("http://www.w3.org/1999/02/22-rdf-syntax-ns#",),
    "rdfs": ("http://www.w3.org/2000/01/rdf-schema#",),
    "ref": (_MODULE + "reference/",),
    "reqv": (_MODULE + "richequiv/",),
    "search": (_MODULE + "search/",),
    "slash": (_MODULE + "slash/",),
    "soap": ("http://schemas.xmlsoap.org/soap/envelope/",),
    "ss": (_MODULE + "servicestatus/",),
    "str": ("http://hacks.benhammersley.com/rss/streaming/",),
    "sub": (_MODULE + "subscription/",),
    "sy": (_MODULE + "syndication/",),
    "szf": ("http://schemas.pocketsoap.com/rss/myDescModule/",),
    "taxo": (_MODULE + "taxonomy/",),
    "thr": (_MODULE + "threading/",),
    "ti": (_MODULE + "textinput/",),
    "trackback": ("http://madskills.com/public/xml/rss/module/trackback/",),
    "wfw": ("http://wellformedweb.org/commentAPI/",),
    "wiki": (_MODULE + "wiki/",),
    "xhtml": ("http://www.w3.org/1999/xhtml",),
    "xlink": (XLINK,),
    "xml": ("http://www.w3.org/XML/1998/namespace",),
    "psc": ("http://podlove.org/simple-chapters",),
}
KNOWN: dict[str, str] = {uri.lower(): "" for uri in _CORE} | {
    uri.lower(): prefix for prefix, uris in _PREFIXED.items() for uri in uris
}
_CONVENTIONAL = frozenset(p.lower() for p in _PREFIXED)
_USERLAND = "backend.userland.com/rss"
# feedparser's version guesses from namespace declarations (first one wins).
_VERSION_BY_URI = {"http://purl.org/rss/1.0/": "rss10", ATOM.lower(): "atom10"}
_NETSCAPE = "http://my.netscape.com/rdf/simple/0.9/"


# Tags that may appear inside type="xhtml" markup: no feedparser handler
# fires on their end tag (a test checks this against feedparser itself).
# fmt: off
XHTML_TAGS = frozenset([
    "a", "abbr", "acronym", "address", "article", "aside", "b", "bdi", "bdo", "big", "blockquote",
    "br", "caption", "center", "cite", "code", "col", "colgroup", "dd", "del", "dfn", "div", "dl",
    "dt", "em", "figcaption", "figure", "font", "footer", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "i", "img", "ins", "kbd", "li", "main", "mark", "nav", "ol", "p", "pre", "q",
    "s", "samp", "section", "small", "span", "strike", "strong", "sub", "sup", "table", "tbody",
    "td", "tfoot", "th", "thead", "tr", "tt", "u", "ul", "var", "wbr",
])
# fmt: on
# The names of feedparser's handlers (``_start_<name>``/``_end_<name>``, where a
# prefixed element's name is ``prefix_local``): an element with a handler not
# in the entry reader's KINDS is refused, one without is inert (a test keeps this list honest).
# fmt: off
HANDLED = frozenset([
    "abstract", "author", "body", "category", "channel", "cloud", "content", "contributor",
    "copyright", "created", "description", "email", "enclosure", "entry", "expirationdate",
    "feed", "fullitem", "generator", "geom", "georssgeom", "guid", "height", "homepage", "id",
    "image", "info", "issued", "item", "keywords", "language", "lastbuilddate", "link",
    "managingeditor", "modified", "name", "newlocation", "pubdate", "published", "rights", "rss",
    "source", "subtitle", "summary", "tagline", "tags", "textinput", "title", "updated", "uri",
    "url", "webmaster", "where", "width", "cc_license", "content_encoded",
    "creativecommons_license", "dc_author", "dc_contributor", "dc_creator", "dc_date",
    "dc_description", "dc_language", "dc_publisher", "dc_rights", "dc_subject", "dc_title",
    "dcterms_created", "dcterms_issued", "dcterms_modified", "dcterms_valid",
    "feedburner_browserfriendly", "georss_box", "georss_line", "georss_point", "georss_polygon",
    "georss_where", "gml_exterior", "gml_linearring", "gml_linestring", "gml_point",
    "gml_polygon", "gml_pos", "gml_poslist", "itunes_author", "itunes_block", "itunes_category",
    "itunes_email", "itunes_explicit", "itunes_image", "itunes_keywords", "itunes_link",
    "itunes_name", "itunes_owner", "itunes_subtitle", "itunes_summary", "media_category",
    "media_content", "media_credit", "media_description", "media_group", "media_keywords",
    "media_license", "media_player", "media_rating", "media_restriction", "media_thumbnail",
    "media_title", "psc_chapter", "psc_chapters", "xhtml_body",
])
# fmt: on
# Keys a mention reads (and the names feedparser files under them).
# fmt: off
RESERVED = frozenset([
    "link", "title", "id", "guid", "content", "summary", "description", "author", "author_detail",
    "summary_detail", "description_detail", "published_parsed", "updated_parsed",
    "created_parsed", "issued_parsed", "modified_parsed", "date_parsed",
])
# fmt: on


# Prefixes feedparser acts on by name: an unknown namespace under one of them
# would reach a handler (dc:creator) or pass for RDF (rdf:about).
_SPOKEN_FOR = frozenset(name.split("_")[0] for name in HANDLED if "_" in name) | {"rdf", "xml"}


def declared_version(decls: list[tuple[str | None, str]]) -> str:
    """The feed version feedparser guesses from these namespace declarations."""
    for prefix, uri in decls:
        lower = uri.lower()
        if prefix is None and lower == _NETSCAPE:
            return "rss090"
        if lower in _VERSION_BY_URI:
            return _VERSION_BY_URI[lower]
    return ""


class Names:
    """feedparser's names for the elements and attributes of one document.

    ``decls`` are all the document's namespace declarations in document order,
    ``None`` standing for the default namespace.
    """

    def __init__(self, decls: list[tuple[str | None, str]]) -> None:
        keys_of_unknown: dict[str, set[str]] = defaultdict(set)
        values_of_key: dict[str, set[str]] = defaultdict(set)
        renamed: set[str] = set()  # document prefixes bound to a known namespace under another name
        for prefix, uri in decls:
            if uri == XLINK:
                raise UnsureError("xlink")  # feedparser copies its declaration into attributes
            lower = uri.lower()
            if _USERLAND in lower:
                uri = lower = "http://backend.userland.com/rss"
            if lower in KNOWN:
                key = KNOWN[lower]
                if prefix is not None and prefix != key:
                    renamed.add(prefix)
            else:
                key = prefix or ""
                keys_of_unknown[uri].add(key)
            values_of_key[key].add(uri)
        self._unknown: dict[str, str] = {}
        for uri, keys in keys_of_unknown.items():
            # feedparser looks an unknown namespace's prefix up by value, skipping the
            # default binding: a namespace under two names, or a prefix that changes
            # meaning, would make an element's name depend on where it is.
            key = keys.pop()
            if keys or (key and len(values_of_key[key]) > 1) or key.lower() in _SPOKEN_FOR:
                raise UnsureError(f"namespace {uri} is bound ambiguously")
            self._unknown[uri] = key.lower()
        if renamed & (_CONVENTIONAL | set(self._unknown.values())):
            raise UnsureError("a prefix stands for two namespaces")
        self._tags: dict[str, str] = {}

    def tag(self, name: str) -> str:
        """feedparser's name for an ElementTree tag (``{uri}local`` or ``local``)."""
        try:
            return self._tags[name]
        except KeyError:
            pass
        if name[0] == "{":
            uri, local = name[1:].split("}", 1)
            lower = uri.lower()
            if _USERLAND in lower:
                prefix = ""
            elif lower in KNOWN:
                prefix = KNOWN[lower]
            else:
                prefix = self._unknown[uri]
            mapped = f"{prefix}:{local}".lower() if prefix else local.lower()
        else:
            mapped = name.lower()
        self._tags[name] = mapped
        return mapped

    @staticmethod
    def attrs(element: Element) -> dict[str, str]:
        """feedparser's attribute dict: names lower-cased, ``rel`` and ``type`` values too.

        An attribute of a namespace feedparser does not know goes under its bare
        name (and under ``prefix:name``, left out here as nothing reads it); when
        that bare name is taken too, which one wins is not worth knowing.
        """
        found: dict[str, str] = {}
        for name, value in element.attrib.items():
            if name[0] == "{":
                uri, local = name[1:].split("}", 1)
                prefix = KNOWN.get(uri.lower(), "")
                key = f"{prefix}:{local}".lower() if prefix else local.lower()
            else:
                key = name.lower()
            if key in found:
                raise UnsureError(f"attribute {key} twice")
            found[key] = value.lower() if key in ("rel", "type") else value
        return found
