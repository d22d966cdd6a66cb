"""The shape of the generated demo data: (value, weight) lists close to the mix of SINAN's
interpersonal-violence notifications, and the kinds of service that register and receive."""

# (code, weight): roughly the mix of SINAN interpersonal-violence notifications.
TYPES = [
    ("physical", 30),
    ("psychological", 24),
    ("neglect", 14),
    ("sexual", 16),
    ("financial", 4),
    ("torture", 1),
    ("child_labour", 2),
    ("other", 3),
    ("integrity", 3),
    ("social_rights", 3),
]
AGES = [((0, 11), 22), ((12, 17), 20), ((18, 29), 18), ((30, 59), 28), ((60, 95), 12)]
PLACES = [
    ("home", 66),
    ("public_road", 12),
    ("school", 5),
    ("commerce_services", 4),
    ("collective_housing", 3),
    ("bar", 3),
    ("other", 5),
    ("unknown", 2),
]
RELATIONSHIPS_CHILD = [
    ("mother", 25),
    ("father", 22),
    ("stepfather", 12),
    ("sibling", 5),
    ("friend_acquaintance", 15),
    ("caregiver", 6),
    ("stranger", 8),
    ("institutional", 3),
    ("other", 4),
]
RELATIONSHIPS_ADULT = [
    ("spouse", 26),
    ("former_spouse", 14),
    ("partner", 8),
    ("former_partner", 7),
    ("friend_acquaintance", 15),
    ("stranger", 14),
    ("child", 8),
    ("sibling", 3),
    ("other", 5),
]
CHANNELS = [
    ("spontaneous", 30),
    ("disque100", 18),
    ("network_referral", 17),
    ("health_unit", 12),
    ("school", 8),
    ("police", 8),
    ("active_search", 4),
    ("ligue180", 3),
]
URGENCIES = [("low", 20), ("medium", 45), ("high", 27), ("critical", 8)]
# Registering services and where they refer to, by organization kind.
REGISTERING_KINDS = (
    "cras",
    "creas",
    "conselho_tutelar",
    "ubs",
    "school",
    "hospital",
    "womens_center",
)
REFERRAL_TARGETS = (
    "conselho_tutelar",
    "creas",
    "caps",
    "cras",
    "ubs",
    "deam",
    "dpca",
    "womens_center",
    "police_station",
)
# What happened to referrals: (status, weight).
REFERRAL_OUTCOMES = [
    ("sent", 8),
    ("received", 8),
    ("accepted", 12),
    ("declined", 6),
    ("in_progress", 16),
    ("completed", 44),
    ("cancelled", 6),
]


def pick(rng, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


# Coded reasons of declined and cancelled referrals (vocabularies referral_refusal and
# referral_cancellation). Specialized services (CREAS, CAPS, the women's centre) decline
# mostly for lack of vacancy or staff, the rest mostly for mandate or territory: what the
# managers' "where the network fails" page should find in the demo.
SCARCE_KINDS = {"creas", "caps", "womens_center"}
REFUSALS_SCARCE = [
    ("no_vacancy", 45),
    ("no_staff", 15),
    ("outside_mandate", 15),
    ("insufficient_information", 10),
    ("already_served", 5),
    ("person_refused", 5),
    ("other", 5),
]
REFUSALS_OTHER = [
    ("outside_mandate", 35),
    ("outside_territory", 20),
    ("insufficient_information", 20),
    ("already_served", 10),
    ("person_not_found", 10),
    ("other", 5),
]
CANCELLATIONS = [
    ("taken_by_other_service", 40),
    ("no_answer", 25),
    ("need_resolved", 20),
    ("moved_away", 10),
    ("sent_in_error", 5),
]
