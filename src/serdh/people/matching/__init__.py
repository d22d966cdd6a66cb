"""Person matching: one person across services despite how Brazilian records spell them.

``names`` and ``phonetic`` take names apart; ``records`` builds what is compared; ``compare``
gives the agreement levels; ``model`` weighs them (Fellegi–Sunter); ``blocking`` chooses the
pairs; ``cluster`` turns links into persons; ``batch`` is ``serdh people dedupe``. See
docs/people.md.
"""
