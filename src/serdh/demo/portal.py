"""Demo content of the portal (texts in portal_texts.py): news, an article, an experience,
a course with two lessons and their handouts, events, library documents and a picture, so
the demo portal is alive. Documents are PDFs drawn here with ReportLab; the picture is drawn
with Pillow. Idempotent: nothing is added when news already exist."""

import io
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from wagtail.models import Collection
from wagtail.rich_text import RichText

from serdh.network.models import Municipality
from serdh.portal import setup
from serdh.portal.models import (
    ArticleIndexPage,
    ArticlePage,
    CoursePage,
    DocumentCategory,
    EventIndexPage,
    EventPage,
    ExperienceIndexPage,
    ExperiencePage,
    HowToReportPage,
    LessonPage,
    LibraryDocument,
    ModulePage,
    NewsIndexPage,
    NewsPage,
    PortalImage,
    ServiceFinderPage,
    StatisticsPage,
    TrainingIndexPage,
)

from . import portal_texts as texts
from .network import PASSOS


def _paragraphs(paragraphs):
    return [("paragraph", RichText("".join(f"<p>{p}</p>" for p in paragraphs)))]


def _sections(sections):
    body = []
    for section in sections:
        body.append(("heading", section["heading"]))
        body += _paragraphs(section["paragraphs"])
    return body


def _pdf(title, paragraphs):
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    buffer = io.BytesIO()
    styles = getSampleStyleSheet()
    doc = SimpleDocTemplate(buffer, pagesize=A4, title=title, author="SER-DH (demonstração)")
    story = [Paragraph(title, styles["Title"]), Spacer(1, 12)]
    story += [Paragraph(p, styles["BodyText"]) for p in paragraphs]
    story += [Spacer(1, 24), Paragraph("Documento de demonstração do SER-DH.", styles["Italic"])]
    doc.build(story)
    return buffer.getvalue()


def _picture():
    """A calm abstract banner (circles of a network), drawn for the demo."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1200, 500), "#eef3fb")
    draw = ImageDraw.Draw(image)
    points = [(150, 250), (400, 120), (420, 380), (700, 240), (950, 110), (980, 390)]
    for a in points:
        for b in points:
            if a < b:
                draw.line([a, b], fill="#a9bfe6", width=4)
    for x, y in points:
        draw.ellipse([x - 46, y - 46, x + 46, y + 46], fill="#1351b4")
        draw.ellipse([x - 20, y - 20, x + 20, y + 20], fill="#ffffff")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _document(title, category, description, paragraphs, collection):
    document = LibraryDocument(
        title=title, category=category, description=description, collection=collection
    )
    slug = "".join(ch if ch.isalnum() else "-" for ch in title.lower())[:50].strip("-")
    document.file.save(f"{slug}.pdf", ContentFile(_pdf(title, paragraphs)), save=False)
    document.save()
    return document


def _publish(parent, page, published_at=None):
    parent.add_child(instance=page)
    revision = page.save_revision()
    revision.publish()
    if published_at is not None:
        type(page).objects.filter(pk=page.pk).update(
            first_published_at=published_at, last_published_at=published_at
        )
    return page


def _intro(model, home, key):
    page = model.objects.descendant_of(home).first()
    if page is not None and key in texts.PAGES:
        page.title = texts.PAGES[key]["title"]
        page.intro = texts.PAGES[key]["intro"]
        if key == "report":
            page.body = _paragraphs(texts.PAGES["report"]["body"])
        if key == "statistics":
            page.method = _paragraphs(texts.PAGES["statistics"]["method"])
        page.save_revision().publish()
    return page


@transaction.atomic
def load(stdout=None):
    home = setup.ensure_structure()
    if NewsPage.objects.exists():
        return 0
    now = timezone.now()
    home.intro = texts.HOME["intro"]
    home.body = _paragraphs(texts.HOME["welcome"])
    home.save_revision().publish()
    for model, key in (
        (NewsIndexPage, "news_index"),
        (ArticleIndexPage, "articles"),
        (ExperienceIndexPage, "experiences"),
        (TrainingIndexPage, "training"),
        (EventIndexPage, "events"),
        (ServiceFinderPage, "finder"),
        (HowToReportPage, "report"),
        (StatisticsPage, "statistics"),
    ):
        _intro(model, home, key)
    from serdh.portal.models import LibraryPage

    _intro(LibraryPage, home, "library")

    root = Collection.get_first_root_node()
    picture = PortalImage.objects.create(
        title="Rede de proteção",
        description="Ilustração: círculos azuis ligados por linhas, como serviços de uma rede.",
        collection=root,
        file=ImageFile(io.BytesIO(_picture()), name="rede-de-protecao.png"),
    )

    news_index = NewsIndexPage.objects.descendant_of(home).first()
    for i, item in enumerate(texts.NEWS):
        day = now - timedelta(days=item["days_ago"])
        _publish(
            news_index,
            NewsPage(
                title=item["title"],
                slug=item["slug"],
                intro=item["intro"],
                date=day.date(),
                image=picture if i == 0 else None,
                body=_paragraphs(item["body"]),
            ),
            day,
        )

    article = texts.ARTICLE
    _publish(
        ArticleIndexPage.objects.descendant_of(home).first(),
        ArticlePage(
            title=article["title"],
            slug=article["slug"],
            intro=article["intro"],
            author_role="Equipe técnica da SEDESE (demonstração)",
            body=_sections(article["sections"]),
        ),
        now - timedelta(days=20),
    )

    experience = texts.EXPERIENCE
    _publish(
        ExperienceIndexPage.objects.descendant_of(home).first(),
        ExperiencePage(
            title=experience["title"],
            slug=experience["slug"],
            intro=experience["summary"],
            results=experience["results"],
            municipality=Municipality.objects.get(code=PASSOS),
            organization_name=experience["organization"],
            body=_paragraphs(experience["body"]),
        ),
        now - timedelta(days=15),
    )

    training_collection = setup.training_collection()
    course = texts.COURSE
    course_page = _publish(
        TrainingIndexPage.objects.descendant_of(home).first(),
        CoursePage(
            title=course["title"],
            slug=course["slug"],
            intro=course["intro"],
            workload_hours=course["workload_hours"],
        ),
    )
    for module in course["modules"]:
        module_page = _publish(
            course_page,
            ModulePage(title=module["title"], slug=module["slug"], intro=module["intro"]),
        )
        for lesson in module["lessons"]:
            handout = _document(
                lesson["document_title"],
                DocumentCategory.MATERIAL,
                lesson["intro"],
                lesson["document_text"],
                training_collection,
            )
            body = _paragraphs(lesson["body"])
            body.append(("document", {"document": handout, "label": lesson["document_title"]}))
            _publish(
                module_page,
                LessonPage(
                    title=lesson["title"], slug=lesson["slug"], intro=lesson["intro"], body=body
                ),
            )

    events = EventIndexPage.objects.descendant_of(home).first()
    for item in texts.EVENTS:
        start = timezone.localtime(now + timedelta(days=item["days_ahead"])).replace(
            hour=9, minute=0, second=0, microsecond=0
        )
        _publish(
            events,
            EventPage(
                title=item["title"],
                slug=item["slug"],
                intro=item["intro"],
                start=start,
                end=start + timedelta(hours=item["duration_hours"]),
                location=item["location"],
                is_online=item["location"].lower().startswith("online"),
                body=_paragraphs(item["body"]),
            ),
        )

    library = Collection.objects.get(depth=2, name=setup.LIBRARY_COLLECTION)
    for item in texts.LIBRARY:
        _document(item["title"], item["category"], item["description"], item["text"], library)
    if stdout is not None:
        stdout.write("Portal: notícias, artigo, boa prática, curso, agenda e biblioteca criados.")
    return 1
