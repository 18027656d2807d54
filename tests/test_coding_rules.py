"""The coder's rules one by one: actor forms in each language, negation and modality, direction,
dates, and the shape of the output."""

from __future__ import annotations

import pytest

from dyadscope.coding import Coder, code_text
from dyadscope.coding.actors import ActorFinder
from dyadscope.coding.dates import find_date
from dyadscope.coding.events import lexicon_data
from dyadscope.coding.language import detect
from dyadscope.coding.lexicon import tokenize
from dyadscope.events.crosswalk import QUAD_OF, goldstein


def actors(text, lang):
    finder = ActorFinder(lang, lexicon_data()["languages"][lang])
    return [m.code for m in finder.find(tokenize(text, lang), text)]


def events(text, lang):
    return [(e["source"], e["target"], e["type"]) for e in code_text(text, lang=lang)["events"]]


@pytest.mark.parametrize("lang, text, codes", [
    # countries inflected, adjectives and demonyms, capitals, leaders, bodies, organisations
    ("en", "Kazakh and Kazakhstani officials met Russians from the Kremlin and the CSTO", ["KAZ", "KAZ", "RUS", "RUS", "CSTO"]),
    ("en", "Tokayev, Nazarbayev, Putin, Lavrov, Xi Jinping, Blinken, Erdoğan, Zelensky, Mirziyoyev", ["KAZ", "KAZ", "RUS", "RUS", "CHN", "USA", "TUR", "UKR", "UZB"]),
    ("en", "KazMunayGas, Gazprom, Rosatom, the EAEU, the SCO, NATO and the U.S.", ["KAZ", "RUS", "RUS", "EAEU", "SCO", "NATO", "USA"]),
    ("ru", "Казахстана, Казахстану, казахстанской, Токаевым, Токаева, России, Россией, российских", ["KAZ"] * 5 + ["RUS"] * 3),
    ("ru", "в Москве, Пекином, Китаю, Лавровым, ОДКБ, ЕАЭС, Газпрома, Росатомом", ["RUS", "CHN", "CHN", "RUS", "CSTO", "EAEU", "RUS", "RUS"]),
    ("kk", "Қазақстанның, Қазақстанға, қазақстандық, Тоқаевтың, Ресейге, Ресеймен, Мәскеуде, Қытайдың, ҰҚШҰ", ["KAZ", "KAZ", "KAZ", "KAZ", "RUS", "RUS", "RUS", "CHN", "CSTO"]),
    ("tr", "Kazakistan'ın, Kazak, Tokayev'le, Rusya'ya, Moskova'da, Çin'in, Pekin'e, AB'nin", ["KAZ", "KAZ", "KAZ", "RUS", "RUS", "CHN", "CHN", "EU"]),
    ("pl", "Kazachstanu, kazachskiej, Tokajewem, Rosji, Rosję, rosyjskich, Moskwie, Chinom, Unii Europejskiej", ["KAZ", "KAZ", "KAZ", "RUS", "RUS", "RUS", "RUS", "CHN", "EU"]),
])
def test_actor_forms(lang, text, codes):
    assert actors(text, lang) == codes


def test_places_and_words_that_only_look_like_names():
    assert actors("В Алматы прошёл концерт.", "ru") == []
    assert actors("the turkey was roasted", "en") == []
    assert actors("us and them", "en") == []


@pytest.mark.parametrize("lang, text, expected", [
    ("en", "Kazakhstan did not support Russia's war in Ukraine.", ("KAZ", "RUS", "REJECT")),
    ("en", "Kazakhstan will not help Russia evade sanctions.", ("KAZ", "RUS", "REJECT")),
    ("en", "Kazakhstan refused to recognise the republics, as Russia requested.", ("KAZ", "RUS", "REJECT")),
    ("ru", "Казахстан не поддержал Россию.", ("KAZ", "RUS", "REJECT")),
    ("ru", "Казахстан отказался признать аннексию Крыма Россией.", ("KAZ", "RUS", "REJECT")),
    ("kk", "Қазақстан Ресейді қолдамады.", ("KAZ", "RUS", "REJECT")),
    ("tr", "Kazakistan Rusya'yı desteklemeyecek.", ("KAZ", "RUS", "REJECT")),
    ("pl", "Kazachstan nie będzie pomagał Rosji.", ("KAZ", "RUS", "REJECT")),
])
def test_negated_cooperation_is_reject(lang, text, expected):
    assert events(text, lang) == [expected]


@pytest.mark.parametrize("lang, text", [
    ("en", "Kazakhstan did not criticise Russia."),
    ("ru", "Казахстан не критиковал Россию."),
    ("tr", "Kazakistan, Rusya'yı eleştirmedi."),
    ("en", "Russia expected to receive support from Kazakhstan."),
])
def test_negated_conflict_and_unrealised_expectations_are_no_event(lang, text):
    assert events(text, lang) == []


def test_intent_and_future():
    # intent is AGREE; an act of co-operation announced in the future tense is that act
    assert events("China pledged to provide aid to Kazakhstan.", "en") == [("CHN", "KAZ", "AGREE")]
    assert events("China is ready to provide aid to Kazakhstan.", "en") == [("CHN", "KAZ", "AGREE")]
    assert events("China will provide aid to Kazakhstan.", "en") == [("CHN", "KAZ", "AID")]
    assert events("Турция окажет Казахстану помощь.", "ru") == [("TUR", "KAZ", "AID")]
    assert events("Chiny udzielą Kazachstanowi kredytu.", "pl") == [("CHN", "KAZ", "AID")]
    # a conflictual act in the future tense is a threat
    assert events("Russia threatened to halt oil transit through Kazakhstan.", "en")[0][2] == "THREATEN"
    assert events("Russia will ban imports of Kazakh beef.", "en") == [("RUS", "KAZ", "THREATEN")]


@pytest.mark.parametrize("lang, text, expected", [
    ("en", "Russia criticised Kazakhstan.", ("RUS", "KAZ", "DISAPPROVE")),
    ("en", "Kazakhstan was criticised by Russia.", ("RUS", "KAZ", "DISAPPROVE")),
    ("en", "Kazakhstan's ambassador was summoned to the Russian Foreign Ministry.", ("RUS", "KAZ", "DISAPPROVE")),
    ("en", "At Kazakhstan's request, Russia sent peacekeepers.", ("RUS", "KAZ", "AID")),
    ("en", "Kazakhstan said that it would not help Russia.", ("KAZ", "RUS", "REJECT")),
    ("ru", "Китай пообещал Казахстану поддержку.", ("CHN", "KAZ", "AGREE")),
    ("kk", "Ресей Қазақстанды сынады.", ("RUS", "KAZ", "DISAPPROVE")),
    ("kk", "Қазақстанды Ресей сынады.", ("RUS", "KAZ", "DISAPPROVE")),
    ("tr", "Kazakistan, Rusya'nın talebini reddetti.", ("KAZ", "RUS", "REJECT")),
    ("pl", "Unia Europejska skrytykowała Rosję za blokowanie tranzytu przez Kazachstan.", ("EU", "RUS", "DISAPPROVE")),
])
def test_who_did_what_to_whom(lang, text, expected):
    assert events(text, lang) == [expected]


@pytest.mark.parametrize("lang, text, expected", [
    # the main verb after a background phrase is the event
    ("pl", "Po trzęsieniu ziemi Polska wysłała do Turcji ratowników.", [("POL", "TUR", "AID")]),
    ("ru", "После вторжения России Казахстан направил гуманитарную помощь Украине.", [("KAZ", "UKR", "AID")]),
    ("en", "After Russia invaded Ukraine, Kazakhstan sent aid to Kyiv.", [("KAZ", "UKR", "AID")]),
    ("en", "After Russia's invasion of Ukraine, Tokayev met Xi Jinping.", [("KAZ", "CHN", "CONSULT")]),
    # a plural verb after a place: the place speaks
    ("ru", "В Пекине высоко оценили вклад Казахстана.", [("CHN", "KAZ", "SUPPORT")]),
    # aid from a state named after the aid; a route is no target
    ("en", "Humanitarian aid from Kazakhstan was delivered to Afghanistan.", [("KAZ", "AFG", "AID")]),
    ("ru", "Гуманитарный груз из Казахстана доставлен на Украину через Польшу.", [("KAZ", "UKR", "AID")]),
    # Polish accusative after "na" is the goal, the locative a place
    ("pl", "Unia Europejska nałożyła sankcje na Mińsk w związku z kryzysem na granicy z Polską.", [("EU", "BLR", "SANCTION")]),
    # a participle describing the object is no passive
    ("ru", "МИД Азербайджана вызвал временного поверенного в делах России.", [("AZE", "RUS", "DISAPPROVE")]),
    ("ru", "Россельхознадзор отменил введённые ранее ограничения на поставки казахстанской говядины.", [("RUS", "KAZ", "CONCEDE")]),
    # Kazakh "қатысты" before a noun means "regarding"; "жоғары бағалады" is active
    ("kk", "Захарова Қазақстандағы тіл патрульдеріне қатысты алаңдаушылық білдірді.", [("RUS", "KAZ", "DISAPPROVE")]),
    ("kk", "Вашингтон Қазақстанның бастамаларын жоғары бағалады.", [("USA", "KAZ", "SUPPORT")]),
    # a converb is an action of its own, not what is asked for
    ("tr", "Kazakistan, Ukrayna'nın Büyükelçisini bakanlığa çağırarak açıklama istedi.",
     [("KAZ", "UKR", "DISAPPROVE"), ("KAZ", "UKR", "DEMAND")]),
    # the West's measures are no target; the West accused is, and no event is coded with it
    ("tr", "Moskova, Batı'nın yaptırımlarına uyması halinde Astana'nın sonuçlarla karşılaşacağı uyarısında bulundu.",
     [("RUS", "KAZ", "THREATEN")]),
    ("ru", "Лавров обвинил Запад в попытках расколоть СНГ.", []),
    # what was discussed is the talks' topic; what was done after them is an event
    ("ru", "Токаев обсудил с Зеленским отправку гуманитарной помощи.", [("KAZ", "UKR", "CONSULT")]),
    ("ru", "Токаев и Путин обсудили вопросы сотрудничества и подписали соглашение.",
     [("KAZ", "RUS", "CONSULT"), ("KAZ", "RUS", "SUPPORT")]),
    # a participle describing a noun names no event; one describing a state or a document does
    ("ru", "Граждане России составили половину туристов, посетивших Казахстан.", []),
    ("ru", "Турция стала первым государством, признавшим независимость Казахстана.", [("TUR", "KAZ", "SUPPORT")]),
    ("kk", "АҚШ санкцияларға қатысқан компанияларға шара қолданатынын Қазақстанға ескертті.", [("USA", "KAZ", "THREATEN")]),
    # a passive summons: the envoy's state is the target
    ("ru", "Накануне на Смоленскую площадь был вызван посол Казахстана: российская сторона выразила протест.",
     [("RUS", "KAZ", "DISAPPROVE")]),
    ("tr", "Rusya'nın Astana büyükelçisi Kazakistan Dışişleri Bakanlığına çağrıldı.", [("KAZ", "RUS", "DISAPPROVE")]),
    # a summit still to come is no meeting; tightened border controls are a sanction
    ("tr", "Çin Devlet Başkanı Şi Cinping, ŞİÖ zirvesi öncesinde Astana'da Tokayev ile görüştü.", [("CHN", "KAZ", "CONSULT")]),
    ("en", "Kazakhstan tightened checks on its border with Kyrgyzstan.", [("KAZ", "KGZ", "SANCTION")]),
    # the words of a date between the parts of a phrase do not count as its gap
    ("pl", "Kazachstan głosował w kwietniu 2022 r. przeciwko zawieszeniu Rosji w Radzie Praw Człowieka.",
     [("KAZ", "RUS", "SUPPORT")]),
    ("en", "Kazakhstan agreed in June 2023 to ship oil to Germany.", [("KAZ", "DEU", "AGREE")]),
    # who reports is no actor of the event; an act in an "if" clause is a condition
    ("tr", "Ermenistan Savunma Bakanlığının yaptığı açıklamaya göre, Azerbaycan ordusu sınıra ek birlikler konuşlandırdı.",
     [("AZE", "ARM", "MOBILIZE")]),
    ("en", "Moscow warned Astana of retaliatory measures if Kazakhstan closed its airspace.", [("RUS", "KAZ", "THREATEN")]),
    # a visit goes to a place, not to the summit held there; an organisation's summit where
    # something else happened is its setting, and one where nothing else did is a meeting
    ("ru", "Си Цзиньпин прибыл в Астану с государственным визитом, а также для участия в саммите ШОС.",
     [("CHN", "KAZ", "CONSULT")]),
    ("ru", "Токаев принял участие в саммите ОДКБ в Москве.", [("KAZ", "CSTO", "CONSULT")]),
    ("ru", "Выступая на саммите ОТГ, Эрдоган высоко оценил роль Казахстана.", [("TUR", "KAZ", "SUPPORT")]),
    # denying a request, prisoners taken and returned, a Kazakh condition
    ("ru", "Генпрокуратура Казахстана отказала России в экстрадиции бывшего офицера.", [("KAZ", "RUS", "REJECT")]),
    ("ru", "Азербайджанские военные взяли в плен шестерых армянских военнослужащих.", [("AZE", "ARM", "COERCE")]),
    ("kk", "Әзербайжан 32 армян әскери тұтқынын Арменияға қайтарды.", [("AZE", "ARM", "CONCEDE")]),
    ("kk", "Мәскеу Армения Рим статутын ратификацияласа, қатынастарға кері әсер ететінін ескертті.", [("RUS", "ARM", "THREATEN")]),
    # a Turkish verbal noun's subject is its genitive; street protests are no state's act
    ("tr", "Kazakistan'ın Kırgızistan sınırındaki denetimleri sıkılaştırması tır kuyruklarına yol açtı.",
     [("KAZ", "KGZ", "SANCTION")]),
    ("en", "Beijing urged Astana to ensure the safety of Chinese nationals after anti-Chinese protests in Kazakhstan.",
     [("CHN", "KAZ", "DEMAND")]),
    # a security council without the UN is no actor; "Мемлекет басшысы" is Kazakhstan's president
    ("kk", "Мемлекет басшысы Ресей Қауіпсіздік Кеңесінің хатшысы Сергей Шойгуды қабылдады.", [("KAZ", "RUS", "CONSULT")]),
    ("en", "Tokayev chaired a Security Council meeting on the Caspian Pipeline Consortium.", []),
    # coordination across an article; interference in internal affairs is criticism
    ("en", "Tokayev thanked Vladimir Putin and the Collective Security Treaty Organization for their help.",
     [("KAZ", "RUS", "SUPPORT"), ("KAZ", "CSTO", "SUPPORT")]),
    ("ru", "МИД Казахстана назвал заявления российских депутатов вмешательством во внутренние дела страны.",
     [("KAZ", "RUS", "DISAPPROVE")]),
    # honours are support
    ("kk", "Түркі кеңесі Назарбаевқа құрметті төраға мәртебесін берді.", [("OTS", "KAZ", "SUPPORT")]),
    # peacekeepers withdrawing: the withdrawal is the event
    ("en", "CSTO peacekeepers completed their withdrawal from Kazakhstan.", [("CSTO", "KAZ", "RETREAT")]),
])
def test_clauses_places_and_participles(lang, text, expected):
    assert sorted(events(text, lang)) == sorted(expected)


def test_meetings_are_symmetric_and_start_with_the_first_named():
    assert events("Kazakhstan and Russia held talks.", "en") == [("KAZ", "RUS", "CONSULT")]


def test_no_event_without_two_states():
    assert events("Tokayev dismissed the government amid protests over fuel prices.", "en") == []
    assert events("Russia and Russia's allies met.", "en") == []


@pytest.mark.parametrize("lang, text, expected", [
    ("en", "They met on 28 November 2022.", ("2022-11-28", "day")),
    ("en", "They met on November 28, 2022.", ("2022-11-28", "day")),
    ("en", "They met in January 2022.", ("2022-01-01", "month")),
    ("ru", "Встреча прошла 28 ноября 2022 года.", ("2022-11-28", "day")),
    ("ru", "в январе 2022 года", ("2022-01-01", "month")),
    ("kk", "2022 жылғы 28 қарашада кездесті.", ("2022-11-28", "day")),
    ("kk", "2022 жылы қаңтарда", ("2022-01-01", "month")),
    ("tr", "28 Kasım 2022 tarihinde görüştüler.", ("2022-11-28", "day")),
    ("tr", "Ocak 2022'de", ("2022-01-01", "month")),
    ("pl", "28 listopada 2022 r.", ("2022-11-28", "day")),
    ("pl", "w styczniu 2022 roku", ("2022-01-01", "month")),
    ("en", "Signed 2023-02-30 and 2023-03-01.", ("2023-03-01", "day")),
])
def test_dates(lang, text, expected):
    assert find_date(text, lang) == expected


def test_event_dates_come_from_the_sentence_else_the_document():
    coder = Coder()
    dated = coder.code_text("Russia criticised Kazakhstan on 5 May 2023.", "en", "2023-06-01")["events"][0]
    undated = coder.code_text("Russia criticised Kazakhstan.", "en", "2023-06-01")["events"][0]
    assert (dated["date"], undated["date"]) == ("2023-05-05", "2023-06-01")


def test_output_shape():
    text = "Kazakhstan's president Kassym-Jomart Tokayev met Vladimir Putin in Moscow on 28 November 2022."
    out = code_text(text, lang="en")
    assert out["lang"] == "en"
    (event,) = out["events"]
    for key in ("source", "target", "type", "quad", "cameo", "goldstein", "date", "trigger", "span"):
        assert key in event
    assert event["quad"] == QUAD_OF[event["type"]]
    assert event["goldstein"] == goldstein(event["cameo"])
    s, e = event["span"]
    assert text[s:e] == event["trigger"] == "met"
    assert event["date"] == "2022-11-28"


@pytest.mark.parametrize("text, lang", [
    ("Russia and Kazakhstan signed an agreement on nuclear power.", "en"),
    ("Россия и Казахстан подписали соглашение.", "ru"),
    ("Қазақстан мен Ресей келісімге қол қойды.", "kk"),
    ("Rusya ve Kazakistan bir anlaşma imzaladı.", "tr"),
    ("Rosja i Kazachstan podpisały porozumienie.", "pl"),
])
def test_language_detection(text, lang):
    assert detect(text) == lang
    assert code_text(text)["lang"] == lang


def test_unsupported_language_is_named():
    from dyadscope.coding import CodingInputError

    with pytest.raises(CodingInputError, match="unsupported language 'de'"):
        code_text("Russland und Kasachstan haben gestern ein Abkommen unterzeichnet.")
    with pytest.raises(CodingInputError, match="unsupported language 'uk'"):
        code_text("Україна та Казахстан підписали угоду про співпрацю.")


def test_lexicon_forms_use_known_gaps():
    """A run of dots in a form is a gap of three ("...") or six ("....") words; any other run would
    silently become part of a word and the form would never match."""
    import re

    from dyadscope.coding.events import lexicon_data

    for entry in lexicon_data()["triggers"]:
        for lang in ("en", "ru", "kk", "tr", "pl"):
            for form in entry.get(lang) or []:
                for dots in re.findall(r"\.{2,}", str(form)):
                    assert dots in ("...", "...."), (entry["type"], lang, form)
