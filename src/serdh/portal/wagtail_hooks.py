"""Wagtail hooks: the training handouts (the "Formação" collection) are for network
professionals only, like the lessons that link them."""

from wagtail import hooks

from .access import require_professional
from .setup import training_collection


@hooks.register("before_serve_document")
def training_documents_for_professionals(document, request):
    training = training_collection()
    if training is None:
        return None
    collection = document.collection
    if collection.pk == training.pk or collection.is_descendant_of(training):
        refused = require_professional(request)
        if refused is not None:
            return refused
    return None
