"""The portal's fixed structure, made (idempotently) after every ``migrate``: the home page
as the site's root with its sections, the collections (the training one for professionals
only), the editorial groups with their permissions, and the moderation workflow.

Sections are created once, with the home page; editors may rename or reorder them later.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.management import create_contenttypes
from django.db import transaction
from django.utils.translation import gettext as _

STATE_EDITORS = "Editores estaduais do portal"
CONTRIBUTORS = "Colaboradores municipais do portal"
WORKFLOW = "Moderação editorial"
TRAINING_COLLECTION = "Formação"
LIBRARY_COLLECTION = "Biblioteca"

# (model, slug, title, intro): the home page's sections, in menu order.
SECTIONS = (
    ("NewsIndexPage", "noticias", "Notícias", "Notícias da rede estadual de direitos humanos."),
    (
        "ArticleIndexPage",
        "conteudos",
        "Conteúdo qualificado",
        "Textos técnicos para o trabalho da rede de proteção.",
    ),
    (
        "ExperienceIndexPage",
        "boas-praticas",
        "Boas práticas",
        "Experiências da rede que deram certo, contadas por quem as fez.",
    ),
    (
        "TrainingIndexPage",
        "formacao",
        "Formação",
        "Cursos para profissionais da rede de proteção.",
    ),
    ("EventIndexPage", "agenda", "Agenda", "Eventos, encontros e capacitações."),
    (
        "LibraryPage",
        "biblioteca",
        "Biblioteca",
        "Normas, cartilhas, fluxos e protocolos da rede de proteção.",
    ),
    (
        "StatisticsPage",
        "estatisticas",
        "Estatísticas",
        "Os números das violações registradas no SER-DH, com proteção contra identificação.",
    ),
    (
        "ServiceFinderPage",
        "ajuda",
        "Onde buscar ajuda",
        "Escolha o seu município e a situação: mostramos os serviços da rede que atendem.",
    ),
)


def after_migrate(sender, **kwargs):
    using = kwargs.get("using", "default")
    for label in ("wagtailcore", "wagtailadmin", "wagtailimages", "wagtaildocs", "portal"):
        config = global_apps.get_app_config(label)
        create_contenttypes(config, verbosity=0, using=using)
        create_permissions(config, verbosity=0, using=using)
    ensure_structure()


def training_collection():
    from wagtail.models import Collection

    return Collection.objects.filter(depth=2, name=TRAINING_COLLECTION).first()


@transaction.atomic
def ensure_structure():
    from wagtail.models import Page, Site

    from .models import HomePage

    home = HomePage.objects.first()
    if home is None:
        home = _create_home(Page, Site, HomePage)
    _ensure_collections()
    editors, contributors = _ensure_groups(home)
    _ensure_workflow(home, editors)
    return home


def _create_home(Page, Site, HomePage):
    from . import models as portal_models

    root = Page.get_first_root_node()
    if root is None:  # a flushed database (transactional tests): Wagtail's initial rows are gone
        from django.conf import settings
        from wagtail.coreutils import get_supported_content_language_variant
        from wagtail.models import Locale

        Locale.objects.get_or_create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    welcome = Page.objects.filter(depth=2, content_type__model="page").first()
    home = root.add_child(
        instance=HomePage(
            title="Portal SER-DH",
            slug="inicio",
            intro=_(
                "Formação para a rede de proteção, informação pública, estatísticas e onde "
                "buscar ajuda."
            ),
        )
    )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    else:
        site.root_page = home
        site.site_name = "Portal SER-DH"
        site.save()
    if welcome is not None:
        welcome.delete()
    for model_name, slug, title, intro in SECTIONS:
        model = getattr(portal_models, model_name)
        section = home.add_child(
            instance=model(title=title, slug=slug, intro=intro, show_in_menus=True)
        )
        if model_name == "ServiceFinderPage":
            section.add_child(
                instance=portal_models.HowToReportPage(
                    title="Como denunciar",
                    slug="como-denunciar",
                    intro=(
                        "Disque 100, Ligue 180, 190 e o Conselho Tutelar do seu município: a "
                        "quem recorrer em cada situação."
                    ),
                )
            )
    return home


def _ensure_collections():
    from wagtail.models import Collection, CollectionViewRestriction

    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    for name in (LIBRARY_COLLECTION, TRAINING_COLLECTION):
        if not Collection.objects.filter(depth=2, name=name).exists():
            root.add_child(instance=Collection(name=name))
    training = training_collection()
    # Wagtail's own restriction (sign-in) shows editors the rule; wagtail_hooks.py checks
    # more: the reader must be a network professional.
    if not CollectionViewRestriction.objects.filter(collection=training).exists():
        CollectionViewRestriction.objects.create(
            collection=training, restriction_type=CollectionViewRestriction.LOGIN
        )


def _perm(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _ensure_groups(home):
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

    from .models import ExperienceIndexPage, NewsIndexPage

    access_admin = _perm("wagtailadmin", "access_admin")
    editors, _created = Group.objects.get_or_create(name=STATE_EDITORS)
    contributors, _created = Group.objects.get_or_create(name=CONTRIBUTORS)
    for group in (editors, contributors):
        group.permissions.add(access_admin)

    def grant_pages(group, page, actions):
        for action in actions:
            GroupPagePermission.objects.get_or_create(
                group=group, page=page, permission=_perm("wagtailcore", f"{action}_page")
            )

    grant_pages(editors, home, ("add", "change", "publish", "lock", "unlock", "bulk_delete"))
    for index in (NewsIndexPage, ExperienceIndexPage):
        for section in index.objects.descendant_of(home):
            grant_pages(contributors, section, ("add", "change"))
    root = Collection.get_first_root_node()
    # Wagtail checks media rights against its base models' permissions, also for the
    # project's own image and document models.
    media = [
        (app, f"{action}_{model}")
        for app, model in (("wagtailimages", "image"), ("wagtaildocs", "document"))
        for action in ("add", "change", "choose")
    ]
    contributor_media = [p for p in media if not p[1].startswith("change")]
    for group, perms in ((editors, media), (contributors, contributor_media)):
        for app_label, codename in perms:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root, permission=_perm(app_label, codename)
            )
    # Wagtail's sample groups would grant rights nobody here is meant to have.
    Group.objects.filter(name__in=["Moderators", "Editors"], user__isnull=True).delete()
    return editors, contributors


def _ensure_workflow(home, editors):
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

    Workflow.objects.filter(name="Moderators approval", workflow_pages__page__depth=1).delete()
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW)
    task = GroupApprovalTask.objects.filter(name="Revisão da equipe editorial estadual").first()
    if task is None:
        task = GroupApprovalTask.objects.create(name="Revisão da equipe editorial estadual")
        task.groups.set([editors])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
