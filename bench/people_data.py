"""Generated person records with ground truth, for the person-matching benchmark (issue 15).

Everything is generated (Faker pt_BR name lists, random identifiers with valid check digits):
no real person's data. Fixed seed, so a given (n_persons, seed) always gives the same file.

Persons. Ages 0-90 skewed to children (30% 0-11, 20% 12-17, 15% 18-29, 25% 30-59, 10%
60-90); 62% female. Given names from Zipf-weighted pools (modern names for the young,
classic ones for adults; 1-2 given names), surnames inherited from the mother and father,
with their usual particles (da Silva, dos Santos, de Jesus); 6% of males carry an agnome
(Júnior, Filho, Neto, Sobrinho). Mother's name is known for 95%. CPF (60% of children under
6, 80% of older children, 97% of adults), CNS (90%), NIS (95% in CadÚnico households, 45%
of households; 3% elsewhere), one or two mobile phones (children share the household's), an
IBGE municipality of Minas Gerais. 1% of persons aged 14+ are trans persons with a social
name of the other gender.

Hard negatives (separate persons), as shares of units (a unit is one person or a family):
twins 0.7% (same mother, birth date, surnames, household; different first names; 35% of
same-sex twins with similar names like Pedro/Paulo, Ana/Ane), siblings 4.5% (2-3 children
of the same mother, different birth dates, 75% with the same father), father and son with
the same name 0.4% (25-35 years apart, different mothers; the son's Júnior is dropped in 60%
of his records), mother and daughter with the same name 0.3%, and namesakes 2% (the commonest
full names: Maria da Silva, José dos Santos...) besides those the Zipf pools make.

Records. Each person gets 1 record (55%), 2 (25%), 3 (12%) or 4-6 (8%), each from a source
chosen by age (escola only for ages 4-17) with that source's completeness (share of records
that carry the field when the person has it) and error multiplier k:

    source            mother  birth  estim.  cpf  cns  nis  phone  k
    escola             .95    .99    .00    .55  .10  .25   .60  0.8
    ubs                .70    .97    .02    .60  .92  .10   .70  1.0
    cras               .60    .95    .03    .85  .20  .92   .70  0.9
    creas              .60    .92    .05    .65  .25  .55   .60  1.0
    conselho_tutelar   .85    .85    .12    .25  .10  .15   .60  1.3
    disque100          .30    .35    .45    .05  .00  .00   .25  1.8
    sinan              .55    .93    .06    .35  .85  .05   .50  1.1
    delegacia          .85    .95    .03    .80  .05  .05   .65  1.0

Errors in a record (rates per record and field, times k):
- format: all upper case 35%, accents dropped 30% (not scaled by k);
- name and mother's name: first name only 1%; particles dropped 12%, or one added 3%; a
  middle name dropped 10% or abbreviated ("Maria A. Silva") 6%; agnome dropped 30% (not
  scaled) or abbreviated (Jr., Fº) 15%; a spelling variant 8% (Luiz/Luis, Thiago/Tiago,
  Sousa/Souza, Ellen/Helen, Walter/Valter... or a rule: y/i, ph/f, th/t, ss/ç, ch/x, s/z
  between vowels, doubled letters, final -e/-i, w/v, m/n final, ei/e, silent h); a keyboard
  typo (neighbour key, deletion, doubling, transposition) 4%; an accent added 2%; first and
  last name transposed 1%;
- trans persons: civil name with the social name 45%, social name alone in `name` 30%,
  civil name only 25%; sex as the person's gender 60%, else as registered;
- birth date: estimated (only the year known, written YYYY-01-01 or YYYY-07-01, off by one
  year 33% and by two 17% of the time) at the source's rate; day/month swapped 1.5%; off by
  one day 1%; one digit mistyped 1.5%;
- CPF, CNS, NIS: one digit mistyped (check digit then fails) 1%; someone else's 0.3%;
  formatted with dots and dashes (CPF 35%, CNS and NIS 20%);
- sex: wrong 1%, missing 2% (disque100 8%); municipality missing 3% (disque100 15%), and
  10% of persons with several records move to another municipality between records;
- phone: the second number (when there is one, 25%) 30% of the time; seven formats.

    python bench/people_data.py --persons 20000 --out /tmp/x.csv --truth /tmp/x_truth.csv
"""

import argparse
import csv
import itertools
import random
import sys
import time
from datetime import date, timedelta

import people_noise as noise
from people_pools import COMMON_FULL_NAMES, MG_DDD, SIMILAR_TWINS, Pools

# fmt: off
COLUMNS = (
    "record_id", "source", "name", "social_name", "mother_name", "birth_date", "sex", "cpf",
    "cns", "nis", "municipality_ibge", "phone",
)
# fmt: on
TODAY = date(2026, 12, 1)
AGE_BANDS = ((0.30, 0, 11), (0.50, 12, 17), (0.65, 18, 29), (0.90, 30, 59), (1.0, 60, 90))
# source: (mother, birth date, estimated date, cpf, cns, nis, phone, error multiplier k)
PROFILES = {
    "escola": (0.95, 0.99, 0.00, 0.55, 0.10, 0.25, 0.60, 0.8),
    "ubs": (0.70, 0.97, 0.02, 0.60, 0.92, 0.10, 0.70, 1.0),
    "cras": (0.60, 0.95, 0.03, 0.85, 0.20, 0.92, 0.70, 0.9),
    "creas": (0.60, 0.92, 0.05, 0.65, 0.25, 0.55, 0.60, 1.0),
    "conselho_tutelar": (0.85, 0.85, 0.12, 0.25, 0.10, 0.15, 0.60, 1.3),
    "disque100": (0.30, 0.35, 0.45, 0.05, 0.00, 0.00, 0.25, 1.8),
    "sinan": (0.55, 0.93, 0.06, 0.35, 0.85, 0.05, 0.50, 1.1),
    "delegacia": (0.85, 0.95, 0.03, 0.80, 0.05, 0.05, 0.65, 1.0),
}
# fmt: off
_CHILD_SOURCES = {
    "escola": 20, "conselho_tutelar": 25, "ubs": 14, "sinan": 12, "cras": 10, "creas": 9,
    "disque100": 8, "delegacia": 2,
}
# fmt: on
_ADULT_SOURCES = {"ubs": 20, "sinan": 18, "cras": 18, "creas": 14, "delegacia": 16, "disque100": 14}


class Person:
    # fmt: off
    __slots__ = ("pid", "sex", "age", "given", "surnames", "agnome", "agnome_drop", "dob",
                 "mother", "cpf", "cns", "nis", "muni", "phones", "social")
    # fmt: on

    def __init__(self, **fields):
        self.agnome, self.agnome_drop, self.social = "", 0.3, None
        for key, value in fields.items():
            setattr(self, key, value)


def _last_surname(surnames):
    """The last surname with its particle: ('de', 'Oliveira', 'da', 'Silva') -> ('da', 'Silva')."""
    if len(surnames) > 1 and surnames[-2] in ("da", "de", "do", "das", "dos"):
        return surnames[-2:]
    return surnames[-1:]


class Generator:
    def __init__(self, seed: int):
        self.rng = rng = random.Random(seed)
        self.pools = Pools()
        self.count = 0
        self.recent = {"cpf": [], "cns": [], "nis": []}
        self.sources = {}
        for key, weights in (
            ("small", {k: w for k, w in _CHILD_SOURCES.items() if k != "escola"}),
            ("school", _CHILD_SOURCES),
            ("adult", _ADULT_SOURCES),
        ):
            self.sources[key] = (list(weights), list(itertools.accumulate(weights.values())))
        self.r = rng.random

    # --- persons ------------------------------------------------------------------------------

    def age(self, cap=90):
        u = self.r()
        low, high = next((low, high) for limit, low, high in AGE_BANDS if u < limit)
        return min(self.rng.randint(low, high), cap)

    def dob(self, age):
        return TODAY - timedelta(days=int(age * 365.25) + self.rng.randrange(365))

    def surnames(self):
        tokens = self.pools.surname_tokens(self.rng)
        if self.r() < 0.6:
            more = self.pools.surname_tokens(self.rng)
            if more[-1] != tokens[-1]:
                tokens += more
        return tokens

    def phone(self):
        return self.rng.choice(MG_DDD) + "9" + f"{self.rng.randrange(10**8):08d}"

    def household(self, child_age):
        rng, mother_age = self.rng, min(child_age + self.rng.randint(18, 40), 95)
        return {
            "mother": (self.pools.given_name(rng, "F", mother_age), self.surnames()),
            "father": self.pools.surname_tokens(rng),
            "muni": self.pools.pick_municipality(rng),
            "phone": self.phone() if self.r() < 0.8 else None,
            "cadunico": self.r() < 0.45,
            "mother_known": self.r() < 0.95,
        }

    def child_surnames(self, hh):
        u = self.r()
        if u < 0.15:
            return hh["father"]
        from_mother = _last_surname(hh["mother"][1])
        if u < 0.25 or from_mother[-1] == hh["father"][-1]:
            return from_mother
        return from_mother + hh["father"]

    def person(self, sex, age, hh, given=None, surnames=None, dob=None, **extra):
        rng, r = self.rng, self.r
        self.count += 1
        p = Person(
            pid=f"P{self.count:07d}",
            sex=sex,
            age=age,
            dob=dob or self.dob(age),
            given=given or self.pools.given_name(rng, sex, age),
            surnames=surnames or self.child_surnames(hh),
            mother=hh["mother"] if hh["mother_known"] else None,
            muni=hh["muni"],
            **extra,
        )
        if sex == "M" and "agnome" not in extra and r() < 0.06:
            p.agnome = rng.choice(("Júnior", "Júnior", "Filho", "Filho", "Neto", "Sobrinho"))
        p.cpf = noise.make_cpf(rng) if r() < (0.6 if age < 6 else 0.8 if age < 18 else 0.97) else ""
        p.cns = noise.make_cns(rng) if r() < 0.9 else ""
        p.nis = noise.make_nis(rng) if r() < (0.95 if hh["cadunico"] else 0.03) else ""
        for kind in ("cpf", "cns", "nis"):
            value, recent = getattr(p, kind), self.recent[kind]
            if value and len(recent) < 2000:
                recent.append(value)
            elif value:
                recent[rng.randrange(2000)] = value
        first = hh["phone"] if age < 18 else (self.phone() if r() < 0.85 else None)
        p.phones = () if not first else (first, self.phone()) if r() < 0.25 else (first,)
        if age >= 14 and r() < 0.01:
            p.social = self.pools.given_name(rng, "M" if sex == "F" else "F", age)
        return p

    def unit(self):
        """One person, or a family of hard negatives."""
        rng, r, u = self.rng, self.r, self.r()
        sex = "F" if r() < 0.62 else "M"
        if u < 0.007:  # twins
            age = self.age() if r() < 0.15 else rng.randint(0, 17)
            hh, dob = self.household(age), self.dob(age)
            surnames = self.child_surnames(hh)
            sex2 = sex if r() < 0.5 else "F" if sex == "M" else "M"
            if sex2 == sex and r() < 0.35:
                names = [tuple(n.split()) for n in rng.choice(SIMILAR_TWINS[sex])]
            else:
                names = [self.pools.given_name(rng, s, age) for s in (sex, sex2)]
                while names[1] == names[0]:
                    names[1] = self.pools.given_name(rng, sex2, age)
            return [
                self.person(s, age, hh, given=n, surnames=surnames, dob=dob)
                for s, n in zip((sex, sex2), names, strict=True)
            ]
        if u < 0.052:  # siblings
            base = rng.randint(0, 40)
            hh, surnames = self.household(base + 8), None
            people, ages = [], {base}
            while len(ages) < rng.choice((2, 2, 3)):
                ages.add(max(0, base + rng.randint(-8, 8)))
            for age in sorted(ages):
                if surnames is None or r() < 0.25:
                    surnames = (
                        self.child_surnames(hh)
                        if surnames is None
                        else _last_surname(hh["mother"][1]) + self.pools.surname_tokens(rng)
                    )
                s = "F" if r() < 0.55 else "M"
                people.append(self.person(s, age, hh, surnames=surnames))
            return people
        if u < 0.056:  # father and son with the same name
            son_age = self.age(cap=55)
            father_age = min(son_age + rng.randint(25, 35), 90)
            father = self.person("M", father_age, self.household(father_age), agnome="")
            same_name = {"given": father.given, "surnames": father.surnames}
            son_hh = self.household(son_age)
            son = self.person("M", son_age, son_hh, agnome="Júnior", agnome_drop=0.6, **same_name)
            son.muni = father.muni if r() < 0.6 else son.muni
            return [father, son]
        if u < 0.059:  # mother and daughter with the same name
            age = self.age(cap=50)
            mother_age = min(age + rng.randint(18, 40), 90)
            mother = self.person("F", mother_age, self.household(mother_age))
            hh = self.household(age)
            hh["mother"] = (mother.given, mother.surnames)
            hh["muni"] = mother.muni if r() < 0.85 else hh["muni"]
            return [mother, self.person("F", age, hh, given=mother.given, surnames=mother.surnames)]
        age = self.age()
        if u < 0.079:  # namesake
            given, surnames = (tuple(n.split()) for n in rng.choice(COMMON_FULL_NAMES[sex]))
            return [self.person(sex, age, self.household(age), given=given, surnames=surnames)]
        return [self.person(sex, age, self.household(age))]

    def persons(self, n):
        while self.count < n:
            for p in self.unit():
                if int(p.pid[1:]) <= n:
                    yield p

    # --- records ------------------------------------------------------------------------------

    def records(self, p):
        rng, r = self.rng, self.r
        u = r()
        n = 1 if u < 0.55 else 2 if u < 0.80 else 3 if u < 0.92 else rng.randint(4, 6)
        moved_at = rng.randrange(1, n) if n > 1 and r() < 0.10 else n
        new_muni = self.pools.pick_municipality(rng)
        group = "adult" if p.age >= 18 else "school" if p.age >= 4 else "small"
        names, cum = self.sources[group]
        for i in range(n):
            source = rng.choices(names, cum_weights=cum)[0]
            pm, pd, pe, pcpf, pcns, pnis, pphone, k = PROFILES[source]
            upper, plain = r() < 0.35, r() < 0.30
            name = noise.noisy_name(
                rng, p.given, p.surnames, p.agnome, k, upper, plain, p.agnome_drop
            )
            social = ""
            if p.social and r() < 0.75:
                social = noise.noisy_name(rng, p.social, p.surnames, "", k, upper, plain)
                if r() < 0.4:  # the social name alone, in the name field
                    name, social = social, ""
            mother = (
                noise.noisy_name(rng, *p.mother, "", k, upper, plain)
                if p.mother and r() < pm
                else ""
            )
            dob = noise.noisy_date(rng, p.dob, pe, k, TODAY) if r() < pd else ""
            sex = p.sex
            if p.social and r() < 0.6:
                sex = "F" if sex == "M" else "M"
            if r() < 0.01 * k:
                sex = "F" if sex == "M" else "M"
            if r() < (0.08 if source == "disque100" else 0.02):
                sex = ""
            ids = []
            for kind, rate in (("cpf", pcpf), ("cns", pcns), ("nis", pnis)):
                value = getattr(p, kind)
                if value and r() < rate:
                    if r() < 0.01 * k:
                        value = noise.mistype(rng, value, kind)
                    elif r() < 0.003 * k:
                        value = rng.choice(self.recent[kind])
                    ids.append(noise.format_id(rng, value, kind))
                else:
                    ids.append("")
            muni = p.muni if i < moved_at else new_muni
            if r() < (0.15 if source == "disque100" else 0.03):
                muni = ""
            phone = ""
            if p.phones and r() < pphone:
                phone = noise.format_phone(rng, p.phones[-1] if r() < 0.3 else p.phones[0])
            yield (p.pid, source, name, social, mother, dob, sex, *ids, muni, phone)


def generate_rows(n_persons: int, seed: int = 15, progress=None) -> list[tuple]:
    """Records as tuples (person_id, source, name...), shuffled; record i is R{i+1:07d}."""
    gen, rows, step = Generator(seed), [], max(n_persons // 10, 1)
    for p in gen.persons(n_persons):
        rows.extend(gen.records(p))
        if progress and int(p.pid[1:]) % step == 0:
            progress(int(p.pid[1:]), n_persons)
    gen.rng.shuffle(rows)
    return rows


def _record_id(i: int) -> str:
    return f"R{i + 1:07d}"


def generate(n_persons: int, seed: int = 15) -> tuple[list[dict], dict[str, str]]:
    rows = generate_rows(n_persons, seed)
    records = [
        dict(zip(COLUMNS, (_record_id(i), *row[1:]), strict=True)) for i, row in enumerate(rows)
    ]
    return records, {_record_id(i): row[0] for i, row in enumerate(rows)}


def write_csv(path, records) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        writer.writerows([r[c] for c in COLUMNS] for r in records)


def write_truth(path, truth: dict[str, str]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(("record_id", "person_id"))
        writer.writerows(truth.items())


def write_dataset(n_persons, seed, out, truth_path, progress=None) -> tuple[int, dict]:
    """Generate and write records and truth without building dicts; returns (records, truth)."""
    rows = generate_rows(n_persons, seed, progress)
    truth = {}
    with open(out, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        for i, row in enumerate(rows):
            rid = _record_id(i)
            truth[rid] = row[0]
            writer.writerow((rid, *row[1:]))
    if truth_path:
        write_truth(truth_path, truth)
    return len(rows), truth


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--persons", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--out", required=True)
    parser.add_argument("--truth", required=True)
    args = parser.parse_args(argv)
    started = time.perf_counter()

    def progress(done, total):
        print(f"  generating: {done:,}/{total:,} persons", file=sys.stderr, flush=True)

    n, _ = write_dataset(args.persons, args.seed, args.out, args.truth, progress)
    print(f"{args.persons:,} persons, {n:,} records in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
