"""Where the apps above SIMA's cases (workflow, obligations) hook into the case pages and the
case's life without cases importing them (DESIGN.md, 'Layout': arrows point downward).

- ``register_panel(func)``: ``func(request, case, mode) -> str`` (rendered HTML, or "") shown on
  the case page ('full') and on the summary a service sees of a case it does not follow in full
  ('summary').
- ``register_banner(func)``: ``func(case) -> str`` shown at the top of every page of the case
  (safety warnings); it must hold no identity nor narrative.
- ``register_closure_route(func)``: ``func(user, case) -> url | None``: where the "Encerrar"
  button leads this user instead (a worker's closure becomes a request to the coordinator).
- ``register_closure_guard(func)``: ``func(user, case)`` raises ServiceError/NotPermitted to
  refuse a closure in the service itself (the API and any other caller pass through it).
- ``register_cases_added(func)``: ``func(cases)`` inside the transaction that inserted
  registered cases in bulk (cases.bulk, for importers), which writes no audit event per case:
  the apps that keep rows derived from cases (monitoring's facts) bring them up to date. Each
  case comes as inserted, with ``parties`` (their ``person`` attached), ``violations`` and
  ``referrals`` (none) readable as if prefetched, and ``first_follow_up`` None.
- ``register_anonymizer(func)``: ``func(case_ids)`` removes what a higher app wrote about
  people in these cases when the retention job anonymizes them.
"""

_panels = []
_banners = []
_closure_routes = []
_closure_guards = []
_anonymizers = []
_cases_added = []


def _add(registry, func):
    if func not in registry:
        registry.append(func)
    return func


def register_panel(func):
    return _add(_panels, func)


def register_banner(func):
    return _add(_banners, func)


def banners(case):
    return [html for func in _banners if (html := func(case))]


def register_closure_route(func):
    return _add(_closure_routes, func)


def register_closure_guard(func):
    return _add(_closure_guards, func)


def register_anonymizer(func):
    return _add(_anonymizers, func)


def register_cases_added(func):
    return _add(_cases_added, func)


def cases_added(cases):
    for func in _cases_added:
        func(cases)


def panels(request, case, mode):
    return [html for func in _panels if (html := func(request, case, mode))]


def closure_route(user, case):
    for func in _closure_routes:
        if url := func(user, case):
            return url
    return None


def check_closure(user, case):
    for func in _closure_guards:
        func(user, case)


def anonymize(case_ids):
    for func in _anonymizers:
        func(case_ids)
