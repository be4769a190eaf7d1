"""The picture of a page in link previews (Open Graph, Twitter Cards) and in its JSON-LD.

Messengers and social networks read PNG or JPEG, not SVG, and only from an absolute address: a member's
logo when it is a PNG or JPEG, a case study's picture, else the site's preview picture (``social_image`` of ``extra.kooplab``, a file
in the docs_dir). Without an absolute site_url there is no picture: a relative address would not work.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kooplab import urls
from kooplab.exports.publication import Publication
from kooplab.load.pictures import pixel_size
from kooplab.pages.views import CaseView, MemberView

PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg")


@dataclass(frozen=True)
class SocialImage:
    url: str
    alt: str
    width: int = 0  # 0: unknown
    height: int = 0

    @property
    def large(self) -> bool:
        """Wide enough for a large preview card (Twitter's summary_large_image: at least 300 × 157)."""
        return self.width >= 300 and self.height >= 157 and self.width > self.height


def picture_size(path: Path) -> tuple[int, int]:
    """(width, height) of a PNG or JPEG file; (0, 0) when it is neither (kooplab.load.pictures reads it)."""
    with path.open("rb") as f:
        return pixel_size(f.read(65536)) or (0, 0)


def social_image(view: object, data: Publication) -> SocialImage | None:
    if not data.ctx.site_url:
        return None
    if isinstance(view, CaseView) and view.case.image is not None:  # the cooperation's own picture
        picture = view.case.image
        return SocialImage(data.url(urls.picture(picture.name)), picture.alt, picture.width, picture.height)
    if isinstance(view, MemberView) and view.member.logo.lower().endswith(PICTURE_SUFFIXES):
        logo = view.member.logo
        path = data.root / data.settings.data_dir / logo
        return SocialImage(data.url(logo), f"Logo: {view.member.name}", *picture_size(path))
    name = data.settings.social_image
    path = data.root / data.settings.docs_dir / name
    if not name or not path.is_file():
        return None
    width, height = picture_size(path)
    return SocialImage(data.url(name), data.site_name, width, height)
