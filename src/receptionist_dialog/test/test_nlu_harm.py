"""One test per general cause of a harmful misreading (round 3): a ticket nobody asked for, an amenity
named by one syllable of another thing, a bare "chào" read as leaving at the start."""

from receptionist_dialog import dialog_manager as dm
from receptionist_dialog.dialog_manager import DialogConfig, DialogManager
from receptionist_dialog.nlu.lexicon import load_intents
from receptionist_dialog.nlu.matcher import Lattice, match_phrase


def test_same_letters_with_other_diacritics_are_another_word_in_a_phrase(nlu_engine):
    lattice = Lattice(["cai", "so"], nlu_engine._vocabulary, ["\u0301", "\u0309"])  # "cái sổ"
    assert match_phrase(lattice, ["cai", "so"], ["\u0301", "\u0301"]) is None  # phrase "cái số"
    unaccented = Lattice(["cai", "so"], nlu_engine._vocabulary)
    assert match_phrase(unaccented, ["cai", "so"], ["\u0301", "\u0301"]) is not None
    u = nlu_engine.understand("cho hỏi cái sổ đỏ làm ở đâu")
    assert u.intent == "ask_location" and u.procedure_id


def test_named_procedure_question_outweighs_an_implied_ticket(nlu_engine):
    # Unaccented, "cai so" may be "cái sổ": with a procedure named and "ở đâu" asked, no ticket.
    u = nlu_engine.understand("cho hoi cai so do lam o dau")
    assert u.intent == "ask_location" and u.procedure_id
    assert nlu_engine.understand("bac hoi cai, doi so do o dau").intent == "ask_location"
    # An explicit ticket request still is one, with or without a procedure or a question.
    assert nlu_engine.understand("lay so thu tu lam so do").intent == "take_ticket"
    assert nlu_engine.understand("cho tôi cái số").intent == "take_ticket"
    assert nlu_engine.understand("cho tôi cái số làm căn cước").intent == "take_ticket"


def test_implicit_ticket_phrases_are_marked():
    ticket = load_intents()["take_ticket"].patterns
    implicit = {" ".join(p.tokens) for p in ticket if p.implicit}
    explicit = {" ".join(p.tokens) for p in ticket if not p.implicit}
    assert {"cai so", "cho so"} <= implicit
    assert {"lay so", "boc so", "so thu tu"} <= explicit


def test_one_syllable_of_an_amenity_beside_another_word_is_another_thing(nlu_engine):
    for text in ("bệnh viện ở đâu", "bạn thích ăn gì"):
        u = nlu_engine.understand(text)
        assert u.amenity_id == "" and u.intent == "out_of_scope", text
    # The amenity's own words, or one of them beside fillers only, still name it.
    assert nlu_engine.understand("có chỗ ăn không").amenity_id == "water_snacks"
    assert nlu_engine.understand("ở đây có đồ ăn không").amenity_id == "water_snacks"
    assert nlu_engine.understand("thư viện ở đâu").amenity_id == "library_green_space"


def test_bare_chao_is_a_greeting_that_may_be_a_goodbye(nlu_engine):
    for text in ("Chào con nghen", "chào cháu nha", "chào em nhé"):
        u = nlu_engine.understand(text)
        assert (u.intent, u.alternative_intent) == ("greeting", "goodbye"), text
    for text in ("xin chào", "hello"):
        u = nlu_engine.understand(text)
        assert (u.intent, u.alternative_intent) == ("greeting", ""), text
    u = nlu_engine.understand("thôi chào cháu nhé, bác về đây")
    assert (u.intent, u.alternative_intent) == ("goodbye", "")


class _NoBackend:
    """Fails the test on any call: greetings and amenity answers need no center service."""

    def __getattr__(self, name: str):
        raise AssertionError(f"backend called: {name}")


def test_dialog_reads_a_bare_chao_by_what_was_said_before(nlu_engine, dialog_catalog):
    manager = DialogManager(nlu_engine, _NoBackend(), DialogConfig(), lambda: 1000.0)
    manager.update_catalog(dialog_catalog)
    manager.on_engaged("p1")
    turn = manager.on_text("chào cháu nha")
    assert turn.intent == "greeting" and turn.state != dm.FAREWELL
    assert manager.on_text("wifi ở đâu").intent == "amenity"
    turn = manager.on_text("chào cháu nha")
    assert turn.state == dm.FAREWELL
