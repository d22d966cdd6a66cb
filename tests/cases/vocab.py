def ensure_vocabularies():
    """Transactional tests flush the database, data migrations included: reload."""
    from serdh.vocabularies.loader import load_all
    from serdh.vocabularies.models import Term

    if not Term.objects.exists():
        load_all()
