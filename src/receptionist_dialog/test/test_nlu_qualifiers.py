"""Round 4: among sibling procedures, the word that tells their names apart (a qualifier such as "đổi",
"lại", "mất") decides, and a request phrase's words ("mất bao lâu") qualify no name."""

from receptionist_dialog.nlu.entities import EntityIndex
from receptionist_dialog.nlu.fuzzy import FuzzyVocabulary
from receptionist_dialog.nlu.matcher import Lattice

_SIBLINGS = [
    ("procedure", "card", "Cấp thẻ thư viện", [(["cap", "the", "thu", "vien"], [None] * 4)]),
    (
        "procedure",
        "card_reissue",
        "Cấp lại thẻ thư viện",
        [(["cap", "lai", "the", "thu", "vien"], [None] * 5)],
    ),
    ("procedure", "card_exchange", "Đổi thẻ thư viện", [(["doi", "the", "thu", "vien"], [None] * 4)]),
    ("procedure", "parking", "Gửi xe", [(["gui", "xe"], [None] * 2)]),
]


def _scores(tokens: list[str], phrased: set[int] = frozenset(), gain: float = 1.0) -> dict[str, float]:
    index = EntityIndex(stop_tokens=set())
    index.build(_SIBLINGS)
    index.qualifier_gain = gain
    lattice = Lattice(tokens, FuzzyVocabulary(index.vocabulary))
    origin = [(i, i + 1) for i in range(len(tokens))]
    return {m.id: m.score for m in index.rank_all(lattice, origin, phrased=phrased)["procedure"]}


def _first(tokens: list[str]) -> str:
    scores = _scores(tokens)
    return max(scores, key=scores.get)


def test_a_qualifier_said_favours_the_sibling_naming_it():
    assert _first(["xin", "lai", "the", "thu", "vien"]) == "card_reissue"
    assert _first(["doi", "the", "thu", "vien", "o", "dau"]) == "card_exchange"
    assert _first(["the", "thu", "vien", "o", "dau"]) == "card"  # no qualifier: the plain sibling


def test_a_qualifier_widens_the_gap_to_siblings_lacking_it():
    tokens = ["the", "thu", "vien", "doi"]
    plain, weighed = _scores(tokens, gain=0.0), _scores(tokens)
    assert weighed["card_exchange"] - weighed["card"] > plain["card_exchange"] - plain["card"]
    assert weighed["card"] < plain["card"]  # counted against the sibling that lacks "đổi"


def test_a_request_phrase_word_is_no_qualifier():
    tokens = ["the", "thu", "vien", "lai"]
    as_qualifier, in_phrase = _scores(tokens), _scores(tokens, phrased={3})
    assert in_phrase["card_reissue"] < as_qualifier["card_reissue"]
    assert in_phrase["card"] > as_qualifier["card"]


def test_real_catalog_qualifier_decides(nlu_engine):
    # Without the weighing, the first-issuance name's full "sổ ..." match wins over "đổi".
    text = "muốn đổi sổ hồng thì nộp ở quầy nào"
    assert nlu_engine.understand(text).procedure_id == "cap_doi_giay_chung_nhan"
    gain = nlu_engine._index.qualifier_gain
    try:
        nlu_engine._index.qualifier_gain = 0.0
        assert nlu_engine.understand(text).procedure_id != "cap_doi_giay_chung_nhan"
    finally:
        nlu_engine._index.qualifier_gain = gain


def test_siblings_of_the_catalog(nlu_engine):
    cases = {
        "muốn đổi sổ hồng thì nộp ở quầy nào": "cap_doi_giay_chung_nhan",
        "kết hôn lại thì làm ở đâu": "dang_ky_lai_ket_hon",
        "bị mất sổ hồng muốn cấp lại": "cap_lai_giay_chung_nhan_bi_mat",
        "làm sổ đỏ ở đâu": "dang_ky_cap_giay_chung_nhan_lan_dau",
        "đăng ký kết hôn ở đâu": "dang_ky_ket_hon",
    }
    for text, procedure in cases.items():
        assert nlu_engine.understand(text).procedure_id == procedure, text


def test_taking_long_is_not_losing_something(nlu_engine):
    # "mất bao lâu" asks how long; "mất" there is no "bị mất" of a reissue.
    u = nlu_engine.understand("làm căn cước mất bao lâu")
    assert u.intent == "ask_processing_time" and u.procedure_id == "cap_the_can_cuoc"
    u = nlu_engine.understand("làm khai sinh mất bao lâu")
    assert u.intent == "ask_processing_time" and u.procedure_id == "dang_ky_khai_sinh"
