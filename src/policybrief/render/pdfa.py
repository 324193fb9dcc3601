"""PDF/A-2b parts: XMP metadata that matches the document info, and an sRGB output intent.

Why: archives keep PDF/A. What PDF/A-2b asks beyond what every policybrief PDF already has
(fonts embedded with ToUnicode, no encryption or JavaScript, a trailer ID, links with the
print flag) is written here, at save time, with ReportLab's own objects. No validator
(veraPDF) is available here, so conformance is inspected by the tests, not certified.
"""

from __future__ import annotations

import datetime
from functools import cache
from typing import Any

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFString

from policybrief.render.adapter import UnfilteredStream, creation_time, write_keys
from policybrief.text import escape

#: The PDF version PDF/A-2 is based on.
PDF_VERSION = (1, 7)


#: The creation date written in the sRGB profile's header (ICC dateTimeNumber: year, month,
#: day, hour, minute, second as 16-bit numbers): fixed, so that the same brief gives the same
#: bytes whenever it is built.
PROFILE_DATE = (2021, 1, 1, 0, 0, 0)


@cache
def srgb_profile() -> bytes:
    """An sRGB ICC profile, made by Pillow (littlecms), so nothing needs downloading.

    Why the date is replaced: littlecms stamps the profile with the time it is made, which
    made every PDF/A build differ from the last. The header's profile ID is zero (not
    computed), so the date can change without invalidating the profile.
    """
    from PIL import ImageCms

    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    date = b"".join(part.to_bytes(2, "big") for part in PROFILE_DATE)
    return profile[:24] + date + profile[36:]


def add_metadata(doc: Any, *, pdfa: bool, tagged: bool) -> None:
    """Give a ReportLab PDFDocument its XMP metadata stream, and for PDF/A its sRGB intent.

    Why every tagged file: PDF/UA-1 (ISO 14289-1, 5 and 7.1) asks for XMP with dc:title and
    pdfuaid:part in each, not only in an archive copy.

    Args:
        doc: the document, once its info (title, author, dates) is final.
        pdfa: claim PDF/A-2b (pdfaid, its extension schema, the output intent).
        tagged: claim PDF/UA-1 (pdfuaid).
    """
    xmp = _xmp(doc.info, creation_time(doc), pdfa=pdfa, tagged=tagged).encode("utf-8")
    metadata = UnfilteredStream(
        PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}), xmp
    )
    doc.Catalog.Metadata = doc.Reference(metadata)
    if not pdfa:
        return
    profile = PDFStream(PDFDictionary({"N": 3}), srgb_profile())
    intent = PDFDictionary(
        {
            "Type": PDFName("OutputIntent"),
            "S": PDFName("GTS_PDFA1"),
            "OutputConditionIdentifier": PDFString("sRGB IEC61966-2.1"),
            "Info": PDFString("sRGB IEC61966-2.1"),
            "DestOutputProfile": doc.Reference(profile),
        }
    )
    write_keys(doc.Catalog, OutputIntents=PDFArray([intent]))


def _iso(created: tuple[tuple[int, ...], int, int]) -> str:
    """The document's creation time as XMP writes it (UTC, as the info dictionary has it)."""
    (year, month, day, hour, minute, second), hours, minutes = created
    moment = datetime.datetime(year, month, day, hour, minute, second)
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + _offset(hours, minutes)


def _offset(hours: int, minutes: int) -> str:
    if not hours and not minutes:
        return "Z"
    sign = "+" if hours >= 0 else "-"
    return f"{sign}{abs(hours):02d}:{abs(minutes):02d}"


def _xmp(
    info: Any, created: tuple[tuple[int, ...], int, int], *, pdfa: bool, tagged: bool
) -> str:
    when = _iso(created)
    keywords = info.keywords if isinstance(info.keywords, str) else ", ".join(info.keywords)
    ua = "<pdfuaid:part>1</pdfuaid:part>" if tagged else ""
    archive = _PDFA_IDENTIFICATION if pdfa else ""
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
    xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(info.title or "")}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{escape(info.author or "")}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(info.subject or "")}</rdf:li></rdf:Alt></dc:description>
   <pdf:Keywords>{escape(keywords or "")}</pdf:Keywords>
   <pdf:Producer>{escape(info.producer)}</pdf:Producer>
   <xmp:CreatorTool>{escape(info.creator or "")}</xmp:CreatorTool>
   <xmp:CreateDate>{when}</xmp:CreateDate>
   <xmp:ModifyDate>{when}</xmp:ModifyDate>
   <xmp:MetadataDate>{when}</xmp:MetadataDate>
   {ua}{archive}
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


#: What PDF/A-2b adds to the XMP: its identification, and the extension schema that PDF/A
#: needs to accept the pdfuaid property beside it.
_PDFA_IDENTIFICATION = """
   <pdfaid:part>2</pdfaid:part>
   <pdfaid:conformance>B</pdfaid:conformance>
   <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
    <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
    <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
    <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
    <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
     <pdfaProperty:name>part</pdfaProperty:name>
     <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
     <pdfaProperty:category>internal</pdfaProperty:category>
     <pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
    </rdf:li></rdf:Seq></pdfaSchema:property>
   </rdf:li></rdf:Bag></pdfaExtension:schemas>
"""
