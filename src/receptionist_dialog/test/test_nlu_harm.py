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


def test_a_call_for_attention_invites_the_question_and_yields_to_one(nlu_engine):
    for text in (
        "cho hỏi",
        "cho hoi",
        "em ơi",
        "bác muốn hỏi",
        "cho tôi hỏi cái này",
        "chau oi cho bac hoi ti",
    ):
        u = nlu_engine.understand(text)
        assert (u.intent, u.opener) == ("greeting", True), text
    assert nlu_engine.understand("xin chào").opener is False  # a real hello
    # With a question after it, the question is what counts.
    u = nlu_engine.understand("em ơi cho hỏi làm giấy khai sinh ở đâu")
    assert (u.intent, u.procedure_id, u.opener) == ("ask_location", "dang_ky_khai_sinh", False)
    assert nlu_engine.understand("cho hỏi lấy số ở đâu").intent == "take_ticket"
    assert nlu_engine.understand("cho hỏi giá vàng bao nhiêu").intent == "out_of_scope"


def test_dialog_answers_a_call_for_attention_by_listening(nlu_engine, dialog_catalog):
    manager = DialogManager(nlu_engine, _NoBackend(), DialogConfig(), lambda: 1000.0)
    manager.update_catalog(dialog_catalog)
    manager.on_engaged("p1")
    turn = manager.on_text("cho bác hỏi tí")
    assert turn.intent == "greeting" and "em nghe đây" in turn.answer and "Bác cần hỏi" in turn.answer
    turn = manager.on_text("xin chào")
    assert "em chào bác" in turn.answer


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


def test_a_salute_with_other_words_of_leaving_is_a_goodbye(nlu_engine):
    u = nlu_engine.understand("chào em nhé, anh đi đây")
    assert (u.intent, u.alternative_intent) == ("goodbye", "")
    # The robot called by name keeps a bare salute open to both readings.
    u = nlu_engine.understand("chào em robot nhé")
    assert (u.intent, u.alternative_intent) == ("greeting", "goodbye")


def test_a_bare_what_asks_to_hear_it_again(nlu_engine):
    for text in ("hả", "hả em", "gì cơ", "gi co", "sao cơ ạ", "cái gì"):
        assert nlu_engine.understand(text).intent == "repeat", text
    # The same particles inside a question do not make it one.
    u = nlu_engine.understand("làm khai sinh ở đâu hả em")
    assert (u.intent, u.procedure_id) == ("ask_location", "dang_ky_khai_sinh")
    assert nlu_engine.understand("giấy tờ gì cơ").intent == "ask_documents"


def test_loan_word_salutes_and_asking_for_a_person(nlu_engine):
    assert nlu_engine.understand("hế lô em").intent == "greeting"
    assert nlu_engine.understand("bai bai nhé").intent == "goodbye"
    u = nlu_engine.understand("tôi không muốn nói chuyện với máy, cho gặp ai đó làm ở đây")
    assert u.intent == "ask_staff"


def test_carrying_papers_is_no_network(nlu_engine):
    # "mang" (carry) typed plainly is a slip of "mạng" (network, the wifi amenity) only in letters.
    u = nlu_engine.understand("làm khai tử thì mang những giấy gì")
    assert (u.intent, u.procedure_id, u.amenity_id) == ("ask_documents", "dang_ky_khai_tu", "")
