"""PDF rendering with WeasyPrint: a Django template in, PDF bytes out, Chinese in Noto Sans CJK SC.

Labels use one weight of the CJK font only: WeasyPrint subsets every face it embeds and each
face of the 20 MB Noto CJK collection costs about 0.1 s, so a bold face would double a label's time.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    """Render ``template`` (an HTML page with print CSS) to PDF bytes."""
    # Imported here: WeasyPrint takes a second or two to import, which no other command should pay.
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    html = render_to_string(template, context)
    return HTML(string=html, base_url=None).write_pdf(font_config=FontConfiguration())  # type: ignore[no-any-return]
