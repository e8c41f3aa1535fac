"""Percentages and quantities (a number with a unit or a counted noun).

Quantities favour precision: only nouns from a curated list (units and common counted nouns
in each language) make a number a quantity; anything else is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from nutgraf.analyze._lexicon import SCALE_WORD_PATTERN, alternation, scale_value
from nutgraf.analyze.numbers import DIGIT, NumberToken, parse_number
from nutgraf.model import Fact

_GAP = "[ \t\u00a0\u202f\u2009]"
_PERCENT_WORDS = (
    "percent|per cent|pour cent|pourcent|prozent|por ciento|por cento|per cento|procent|"
    "percento|процентов|процента|процент|проц.|אחוזים|אחוז|בהמאה|במאה|في المائة|في المئة|"
    "بالمائة|بالمئة|بالمية|درصد"
)
_PERCENT = re.compile(rf"{_GAP}?(?:[%٪‰]|(?i:{alternation(_PERCENT_WORDS.split('|'))})(?!\w))")
# "٪۵۶": the sign written before the number (Persian/Arabic text in visual order).
_PERCENT_BEFORE = re.compile("[%٪]\\Z")

_MEASURE_UNITS = (
    "km km² km2 m² m2 m³ m3 cm mm m kg mg g ha mph km/h kWh MWh GWh TWh kW MW GW GB MB TB "
    'ק"מ כ"ג كم كغ كلغ'
)
_AREA_WORDS = (
    "square metres|square meters|square kilometres|square kilometers|square miles|square feet|"
    "mètres carrés|kilomètres carrés|quadratmeter|quadratkilometer|metros cuadrados|"
    "kilómetros cuadrados|metri quadrati|chilometri quadrati|metros quadrados|vierkante meter|"
    "متر مربع|كيلومتر مربع|מטר רבוע|קילומטר רבוע|квадратных метров|квадратных километров"
)
_COUNTED_NOUNS = {
    "en": "people persons residents inhabitants employees workers jobs staff students children "
    "victims deaths casualties soldiers troops refugees migrants families households homes "
    "houses companies firms vehicles cars barrels tons tonnes hours days weeks months years "
    "kilometres kilometers miles metres meters acres hectares units shares votes patients "
    "cases members users customers documents pages copies files emails accounts transactions "
    "flights passengers visitors civilians",
    "fr": "personnes habitants résidents salariés employés emplois travailleurs ouvriers élèves "
    "étudiants enfants victimes morts décès soldats réfugiés migrants familles ménages "
    "logements maisons entreprises sociétés véhicules voitures barils tonnes heures jours "
    "semaines mois ans années kilomètres mètres hectares unités actions voix patients "
    "membres utilisateurs clients documents pages exemplaires fichiers comptes vols passagers "
    "visiteurs civils",
    "de": "menschen personen einwohner beschäftigte mitarbeiter arbeitsplätze arbeiter schüler "
    "studenten kinder opfer tote soldaten flüchtlinge familien haushalte wohnungen häuser "
    "unternehmen firmen fahrzeuge autos barrel tonnen stunden tage tagen wochen monate monaten "
    "jahre jahren kilometer meter hektar stück aktien stimmen patienten fälle mitglieder nutzer "
    "kunden dokumente seiten exemplare dateien konten flüge passagiere besucher zivilisten",
    "es": "personas habitantes residentes empleados trabajadores empleos alumnos estudiantes "
    "niños víctimas muertos soldados refugiados familias hogares viviendas casas empresas "
    "vehículos coches barriles toneladas horas días semanas meses años kilómetros metros "
    "hectáreas unidades acciones votos pacientes casos miembros usuarios clientes documentos "
    "páginas ejemplares archivos cuentas vuelos pasajeros visitantes civiles",
    "it": "persone abitanti residenti dipendenti lavoratori studenti bambini vittime morti "
    "soldati rifugiati famiglie abitazioni aziende imprese veicoli barili tonnellate ore giorni "
    "settimane mesi anni chilometri metri ettari azioni voti pazienti casi membri utenti "
    "clienti documenti pagine copie passeggeri visitatori civili",
    "pt": "pessoas habitantes residentes funcionários trabalhadores empregos alunos estudantes "
    "crianças vítimas mortos soldados refugiados famílias domicílios casas empresas veículos "
    "carros barris toneladas horas dias semanas meses anos quilômetros quilómetros metros "
    "hectares unidades ações votos pacientes casos membros usuários utilizadores clientes "
    "documentos páginas exemplares arquivos contas voos passageiros visitantes civis",
    "nl": "mensen personen inwoners werknemers medewerkers banen arbeiders leerlingen studenten "
    "kinderen slachtoffers doden soldaten vluchtelingen gezinnen huishoudens woningen huizen "
    "bedrijven voertuigen vaten ton uur dagen weken maanden jaar jaren kilometer meter hectare "
    "aandelen stemmen patiënten gevallen leden gebruikers klanten documenten exemplaren "
    "bestanden rekeningen vluchten passagiers bezoekers burgers",
    "ar": "شخص أشخاص اشخاص شخصا مواطن مواطنا مواطنين نسمة موظف موظفا موظفين عامل عاملا عمال "
    "طالب طالبا طلاب طفل طفلا أطفال قتيل قتيلا قتلى جندي جنديا جنود لاجئ لاجئا لاجئين أسرة "
    "عائلة منزل منزلا شركة سيارة برميل طن ساعة ساعات يوم يوما أيام أسبوع أسابيع شهر شهرا "
    "أشهر سنة سنوات عاما أعوام كيلومتر كيلومترا متر مترا هكتار وحدة وحدات دولة مريض حالة "
    "عضو أعضاء مستخدم صفحة مسافر زائر مدني مدنيين",
    "he": "איש אנשים תושבים עובדים משרות תלמידים סטודנטים ילדים הרוגים נפגעים חיילים פליטים "
    "משפחות בתים דירות חברות רכבים מכוניות חביות טון שעות ימים שבועות חודשים שנים קילומטר "
    "מטר מטרים דונם יחידות מניות קולות חולים מקרים חברים משתמשים לקוחות מסמכים עמודים "
    "עותקים קבצים חשבונות טיסות נוסעים מבקרים אזרחים",
    "ru": "человек жителей сотрудников работников рабочих студентов детей погибших солдат "
    "беженцев семей домов квартир компаний автомобилей баррелей тонн часов дней недель "
    "месяцев лет километров км метров гектаров случаев голосов пациентов членов "
    "пользователей клиентов документов страниц экземпляров",
}
_ALL_NOUNS = {w for words in _COUNTED_NOUNS.values() for w in words.split()}
# Arabic nouns also take the definite article after "من" ("140 ألفا من المدنيين").
_ALL_NOUNS |= {"ال" + w for w in _COUNTED_NOUNS["ar"].split()}
_ALL_NOUNS |= set(_AREA_WORDS.split("|"))
_NOUNS = alternation(_ALL_NOUNS)
_UNITS = alternation(_MEASURE_UNITS.split())
_CONNECTOR = r"(?:(?:de|of|di|von)\s+|d['’]\s?|من\s+)"
_QUANTITY = re.compile(
    rf"(?:{_GAP}(?P<scale>{SCALE_WORD_PATTERN}){_GAP}?{_CONNECTOR}?)?{_GAP}?"
    rf"(?P<unit>(?i:{_NOUNS})|{_UNITS})(?!\w)"
)
# Numbers introduced this way are identifiers or references, not quantities.
_REFERENCE_BEFORE = re.compile(
    r"(?i:n°|no\.|nr\.|#|§|art\.|page|p\.|pp\.|chapter|article|number|rule|section|"
    r"numéro|nummer|número|رقم|מס'|מספר)\s*\Z"
)


# "between 90 and 98 %": the first bound of a range is a percentage too.
_RANGE_LINK = re.compile(
    r"\s*(?:-|–|—|/|(?i:and|or|to|et|ou|à|und|oder|bis|y|o|a|e|tot|en|и|до|או|עד|ל|و|إلى|الى)"
    r"\s*-?)\s*\Z"
)


def find_percents(text: str, numbers: Iterable[NumberToken]) -> list[Fact]:
    facts: list[Fact] = []
    previous: NumberToken | None = None
    for number in numbers:
        first, previous = previous, number
        match = _PERCENT.match(text, number.end)
        if match and first and _starts_percent_range(text, first, number, facts):
            facts.append(Fact("percent", first.start, first.end, first.raw, first.value))
        start, end = number.start, match.end() if match else number.end
        if match is None:
            before = _PERCENT_BEFORE.search(text, max(0, number.start - 1), number.start)
            if before is None or not _arabic_digits(number.raw):
                continue
            start = before.start()
        facts.append(Fact("percent", start, end, text[start:end], number.value))
    return facts


def _starts_percent_range(
    text: str, first: NumberToken, second: NumberToken, facts: list[Fact]
) -> bool:
    already = bool(facts) and facts[-1].end > first.start
    return not already and _RANGE_LINK.match(text, first.end, second.start) is not None


def find_quantities(
    text: str, numbers: Iterable[NumberToken], language: str | None = None
) -> list[Fact]:
    facts = []
    for number in numbers:
        match = _QUANTITY.match(text, number.end)
        if match is None or _REFERENCE_BEFORE.search(text, max(0, number.start - 12), number.start):
            continue
        value = number.value
        if match.group("scale"):
            value *= scale_value(match.group("scale"), language)
        unit = match.group("unit")
        facts.append(
            Fact("quantity", number.start, match.end(), text[number.start : match.end()], value,
                 unit=" ".join(unit.split()).lower())
        )  # fmt: skip
    return facts


def _arabic_digits(raw: str) -> bool:
    return re.match(DIGIT, raw) is not None and not raw[0].isascii()


__all__ = ["find_percents", "find_quantities", "parse_number"]
