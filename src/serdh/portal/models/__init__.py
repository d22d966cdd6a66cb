"""Wagtail pages of the portal and its media. No case data lives in pages."""

from .experiences import ExperienceIndexPage, ExperiencePage  # noqa: F401
from .media import DocumentCategory, LibraryDocument, PortalImage, PortalRendition  # noqa: F401
from .pages import (  # noqa: F401
    ArticleIndexPage,
    ArticlePage,
    EventIndexPage,
    EventPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
)
from .public import HowToReportPage, LibraryPage, ServiceFinderPage, StatisticsPage  # noqa: F401
from .training import CoursePage, LessonPage, ModulePage, TrainingIndexPage  # noqa: F401
