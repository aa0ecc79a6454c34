"""The strings issue 21 added, in Dutch and in draft French, Arabic, Turkish and Ukrainian (machine-made, not yet
checked: the catalogues' X-Review-Status says so). Run after makemessages: fills these entries, clears their
fuzzy flag, and sets the review status header of fr/ar/tr/uk when it is missing. Then re-wrap each file with
``msgcat -o F F`` (gettext's own line wrapping) and compile.

``--strip-untranslated`` leaves only the translated entries in fr/ar/tr/uk: on the i18n branch, whose
French, Arabic, Turkish and Ukrainian catalogues hold just these strings while two other branches translate the
rest. Their files and these are merged with a union merge driver, which cannot merge an empty ``msgstr ""``
with a translation of the same entry (it keeps both lines: an invalid file); entries that exist on one side
only merge cleanly. After the merge, ``make messages`` brings every entry back."""

import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "locale"

# msgid → (nl, fr, ar, tr, uk)
T = {
    "Some texts on this page are only available in Dutch.": (
        "Sommige teksten op deze pagina zijn er alleen in het Nederlands.",
        "Certains textes de cette page n’existent qu’en néerlandais.",
        "بعض النصوص في هذه الصفحة متوفرة باللغة الهولندية فقط.",
        "Bu sayfadaki bazı metinler yalnızca Felemenkçe mevcuttur.",
        "Деякі тексти на цій сторінці є лише нідерландською мовою.",
    ),
    "Mails, text messages and the assistant's results go out in this language.": (
        "E-mails, sms’en en de resultaten van de assistent worden in deze taal verstuurd.",
        "Les e-mails, SMS et résultats de l’assistant sont envoyés dans cette langue.",
        "تُرسل الرسائل الإلكترونية والرسائل النصية ونتائج المساعد بهذه اللغة.",
        "E-postalar, kısa mesajlar ve asistanın sonuçları bu dilde gönderilir.",
        "Листи, SMS і результати помічника надсилаються цією мовою.",
    ),
    "This page is only available in Dutch.": (
        "Deze pagina is er alleen in het Nederlands.",
        "Cette page n’existe qu’en néerlandais.",
        "هذه الصفحة متوفرة باللغة الهولندية فقط.",
        "Bu sayfa yalnızca Felemenkçe mevcuttur.",
        "Ця сторінка є лише нідерландською мовою.",
    ),
    "Dutch is the language of record: a text that lacks a language is shown in Dutch, with a notice. A translation "
    "marked “machine-made, not yet checked” is shown to visitors, but should be read by someone who speaks the "
    "language.": (
        "Nederlands is de referentietaal: een tekst die in een taal ontbreekt, wordt in het Nederlands getoond, met "
        "een melding. Een vertaling die gemarkeerd is als “machinaal gemaakt, nog niet nagekeken” wordt aan bezoekers "
        "getoond, maar moet nog gelezen worden door iemand die de taal spreekt.",
        "Le néerlandais est la langue de référence : un texte absent dans une langue est affiché en néerlandais, avec "
        "un avertissement. Une traduction marquée « traduction automatique, pas encore vérifiée » est affichée aux "
        "visiteurs, mais doit être relue par quelqu’un qui parle la langue.",
        "اللغة الهولندية هي اللغة المرجعية: النص غير المتوفر بلغة ما يُعرض بالهولندية مع تنبيه. الترجمة المعلَّمة "
        "«ترجمة آلية، لم تُراجَع بعد» تُعرض للزوار، لكن يجب أن يقرأها شخص يتحدث اللغة.",
        "Felemenkçe esas dildir: bir dilde eksik olan metin, bir uyarıyla Felemenkçe gösterilir. “Makine çevirisi, "
        "henüz kontrol edilmedi” olarak işaretlenen bir çeviri ziyaretçilere gösterilir, ancak dili konuşan biri "
        "tarafından okunmalıdır.",
        "Нідерландська — основна мова: текст, якого немає певною мовою, показується нідерландською з повідомленням. "
        "Переклад із позначкою «машинний переклад, ще не перевірено» показується відвідувачам, але його має "
        "прочитати людина, яка знає мову.",
    ),
    "Per question and product and per language: how many texts are missing, and how many are marked machine-made, "
    "not yet checked.": (
        "Per vraag en product en per taal: hoeveel teksten ontbreken, en hoeveel gemarkeerd zijn als machinaal "
        "gemaakt, nog niet nagekeken.",
        "Par question, par produit et par langue : combien de textes manquent, et combien sont marqués traduction "
        "automatique, pas encore vérifiée.",
        "لكل سؤال ومنتج ولغة: عدد النصوص الناقصة، وعدد النصوص المعلَّمة ترجمة آلية لم تُراجَع بعد.",
        "Her soru, ürün ve dil için: kaç metnin eksik olduğu ve kaçının makine çevirisi, henüz kontrol edilmedi "
        "olarak işaretlendiği.",
        "Для кожного питання, продукту й мови: скільки текстів бракує і скільки позначено як машинний переклад, "
        "ще не перевірено.",
    ),
    "Each text in Dutch with its translations beside it. Leave a translation empty to show the Dutch text in that "
    "language. Untick “machine-made, not yet checked” once someone who speaks the language has read it.": (
        "Elke tekst in het Nederlands met de vertalingen ernaast. Laat een vertaling leeg om in die taal de "
        "Nederlandse tekst te tonen. Vink “machinaal gemaakt, nog niet nagekeken” uit zodra iemand die de taal "
        "spreekt ze gelezen heeft.",
        "Chaque texte en néerlandais, avec ses traductions à côté. Laissez une traduction vide pour afficher le texte "
        "néerlandais dans cette langue. Décochez « traduction automatique, pas encore vérifiée » dès que quelqu’un "
        "qui parle la langue l’a relue.",
        "كل نص بالهولندية وبجانبه ترجماته. اترك الترجمة فارغة لعرض النص الهولندي بتلك اللغة. أزِل علامة «ترجمة "
        "آلية، لم تُراجَع بعد» بعد أن يقرأها شخص يتحدث اللغة.",
        "Her metin Felemenkçe olarak, çevirileri yanında. O dilde Felemenkçe metni göstermek için çeviriyi boş "
        "bırakın. Dili konuşan biri okuduktan sonra “makine çevirisi, henüz kontrol edilmedi” işaretini kaldırın.",
        "Кожен текст нідерландською, поруч — його переклади. Залиште переклад порожнім, щоб цією мовою показувався "
        "нідерландський текст. Зніміть позначку «машинний переклад, ще не перевірено», щойно людина, яка знає мову, "
        "його прочитала.",
    ),
    "missing: shown in Dutch": (
        "ontbreekt: in het Nederlands getoond",
        "manquant : affiché en néerlandais",
        "غير متوفر: يُعرض بالهولندية",
        "eksik: Felemenkçe gösteriliyor",
        "бракує: показується нідерландською",
    ),
    "machine-made, not yet checked": (
        "machinaal gemaakt, nog niet nagekeken",
        "traduction automatique, pas encore vérifiée",
        "ترجمة آلية، لم تُراجَع بعد",
        "makine çevirisi, henüz kontrol edilmedi",
        "машинний переклад, ще не перевірено",
    ),
    "Ukrainian": ("Oekraïens", "Ukrainien", "الأوكرانية", "Ukraynaca", "Українська"),
    "Summary": ("Samenvatting", "Résumé", "الملخص", "Özet", "Короткий опис"),
    "Question as the agent reads it": (
        "Vraag zoals de medewerker ze voorleest",
        "Question telle que l’agent la lit",
        "السؤال كما يقرؤه الموظف",
        "Sorunun görevli tarafından okunan hâli",
        "Питання так, як його читає працівник",
    ),
    "Help": ("Uitleg", "Aide", "مساعدة", "Yardım", "Пояснення"),
    "Option “%s”": ("Antwoord “%s”", "Option « %s »", "الخيار «%s»", "Seçenek “%s”", "Варіант «%s»"),
    "The translations were not saved: %(reason)s": (
        "De vertalingen zijn niet bewaard: %(reason)s",
        "Les traductions n’ont pas été enregistrées : %(reason)s",
        "لم تُحفظ الترجمات: %(reason)s",
        "Çeviriler kaydedilmedi: %(reason)s",
        "Переклади не збережено: %(reason)s",
    ),
    "The translations were saved.": (
        "De vertalingen zijn bewaard.",
        "Les traductions ont été enregistrées.",
        "حُفظت الترجمات.",
        "Çeviriler kaydedildi.",
        "Переклади збережено.",
    ),
    "Language of our e-mails, text messages and letters": (
        "Taal van onze e-mails, sms’en en brieven",
        "Langue de nos e-mails, SMS et lettres",
        "لغة رسائلنا الإلكترونية والنصية والورقية",
        "E-postalarımızın, kısa mesajlarımızın ve mektuplarımızın dili",
        "Мова наших листів, SMS і паперових листів",
    ),
    "%(subject)s has a text in ‘%(code)s’, which is not a known language code. Use a code such as nl, fr, ar, tr "
    "or uk.": (
        "%(subject)s heeft een tekst in ‘%(code)s’, dat is geen gekende taalcode. Gebruik een code zoals nl, fr, ar, "
        "tr of uk.",
        "%(subject)s a un texte en ‘%(code)s’, qui n’est pas un code de langue connu. Utilisez un code comme nl, fr, "
        "ar, tr ou uk.",
        "%(subject)s فيه نص بـ‘%(code)s’، وهو ليس رمز لغة معروفًا. استخدم رمزًا مثل nl أو fr أو ar أو tr أو uk.",
        "%(subject)s ‘%(code)s’ dilinde bir metin içeriyor; bu bilinen bir dil kodu değil. nl, fr, ar, tr veya uk "
        "gibi bir kod kullanın.",
        "%(subject)s містить текст мовою ‘%(code)s’, але це невідомий код мови. Використайте код на кшталт nl, fr, "
        "ar, tr або uk.",
    ),
    "The list of translations that are machine-made and not yet checked (unchecked) is not valid: per language "
    "code such as fr, a list of texts such as products.<key>.name.": (
        "De lijst van vertalingen die machinaal gemaakt en nog niet nagekeken zijn (unchecked) is niet geldig: per "
        "taalcode zoals fr, een lijst van teksten zoals products.<key>.name.",
        "La liste des traductions automatiques pas encore vérifiées (unchecked) n’est pas valable : par code de "
        "langue comme fr, une liste de textes comme products.<key>.name.",
        "قائمة الترجمات الآلية التي لم تُراجَع بعد (unchecked) غير صالحة: لكل رمز لغة مثل fr، قائمة نصوص مثل "
        "products.<key>.name.",
        "Makine çevirisi olup henüz kontrol edilmemiş çevirilerin listesi (unchecked) geçerli değil: fr gibi her "
        "dil kodu için products.<key>.name gibi metinlerin listesi.",
        "Список машинних перекладів, ще не перевірених (unchecked), недійсний: для кожного коду мови, як-от fr, — "
        "список текстів, як-от products.<key>.name.",
    ),
    "The texts in every language": (
        "De teksten in elke taal",
        "Les textes dans chaque langue",
        "النصوص بكل اللغات",
        "Her dildeki metinler",
        "Тексти кожною мовою",
    ),
    "In the caller's language: %(language)s.": (
        "In de taal van de beller: %(language)s.",
        "Dans la langue de l’appelant : %(language)s.",
        "بلغة المتصل: %(language)s.",
        "Arayanın dilinde: %(language)s.",
        "Мовою абонента: %(language)s.",
    ),
    "Language of the caller": (
        "Taal van de beller",
        "Langue de l’appelant",
        "لغة المتصل",
        "Arayanın dili",
        "Мова абонента",
    ),
    "Translations": ("Vertalingen", "Traductions", "الترجمات", "Çeviriler", "Переклади"),
    "Interface texts": ("Teksten van de website", "Textes du site", "نصوص الموقع", "Sitenin metinleri", "Тексти сайту"),
    "Translated": ("Vertaald", "Traduit", "مترجم", "Çevrildi", "Перекладено"),
    "Review status": ("Nagekeken?", "Relecture", "حالة المراجعة", "Kontrol durumu", "Стан перевірки"),
    "not recorded": ("niet vermeld", "non indiqué", "غير مسجل", "belirtilmedi", "не зазначено"),
    "Catalogue texts": (
        "Teksten van de catalogus",
        "Textes du catalogue",
        "نصوص الدليل",
        "Katalog metinleri",
        "Тексти каталогу",
    ),
    "Question or product": (
        "Vraag of product",
        "Question ou produit",
        "سؤال أو منتج",
        "Soru veya ürün",
        "Питання або продукт",
    ),
    "complete": ("volledig", "complet", "مكتمل", "tamam", "повністю"),
    "Translate": ("Vertalen", "Traduire", "ترجمة", "Çevir", "Перекласти"),
    "translations": ("vertalingen", "traductions", "الترجمات", "çeviriler", "переклади"),
    "All translations of this edition": (
        "Alle vertalingen van deze editie",
        "Toutes les traductions de cette édition",
        "كل ترجمات هذه النسخة",
        "Bu sürümün tüm çevirileri",
        "Усі переклади цього випуску",
    ),
    "This edition is not a draft: make a draft to change its translations.": (
        "Deze editie is geen ontwerp: maak een ontwerp om de vertalingen te wijzigen.",
        "Cette édition n’est pas un brouillon : créez un brouillon pour modifier ses traductions.",
        "هذه النسخة ليست مسودة: أنشئ مسودة لتغيير ترجماتها.",
        "Bu sürüm bir taslak değil: çevirilerini değiştirmek için bir taslak oluşturun.",
        "Цей випуск не є чернеткою: створіть чернетку, щоб змінити переклади.",
    ),
    "language of record": ("referentietaal", "langue de référence", "اللغة المرجعية", "esas dil", "основна мова"),
    "Save the translations": (
        "Vertalingen bewaren",
        "Enregistrer les traductions",
        "احفظ الترجمات",
        "Çevirileri kaydet",
        "Зберегти переклади",
    ),
    "speaks Ukrainian": (
        "spreekt Oekraïens",
        "parle ukrainien",
        "يتحدث الأوكرانية",
        "Ukraynaca konuşuyor",
        "розмовляє українською",
    ),
}

# Plurals: msgid → per language the forms (nl 2, fr 3, ar 6, tr 2, uk 4), "%(counter)s" kept.
P = {
    "%(counter)s missing": (
        ["%(counter)s ontbreekt", "%(counter)s ontbreken"],
        ["%(counter)s manquant", "%(counter)s manquants", "%(counter)s manquants"],
        [
            "%(counter)s ناقص",
            "%(counter)s ناقص",
            "%(counter)s ناقصان",
            "%(counter)s ناقصة",
            "%(counter)s ناقصًا",
            "%(counter)s ناقص",
        ],
        ["%(counter)s eksik", "%(counter)s eksik"],
        ["%(counter)s бракує", "%(counter)s бракує", "%(counter)s бракує", "%(counter)s бракує"],
    ),
    "%(counter)s not checked": (
        ["%(counter)s niet nagekeken", "%(counter)s niet nagekeken"],
        ["%(counter)s non vérifiée", "%(counter)s non vérifiées", "%(counter)s non vérifiées"],
        [
            "%(counter)s غير مراجَع",
            "%(counter)s غير مراجَع",
            "%(counter)s غير مراجَعين",
            "%(counter)s غير مراجَعة",
            "%(counter)s غير مراجَع",
            "%(counter)s غير مراجَع",
        ],
        ["%(counter)s kontrol edilmedi", "%(counter)s kontrol edilmedi"],
        [
            "%(counter)s не перевірено",
            "%(counter)s не перевірено",
            "%(counter)s не перевірено",
            "%(counter)s не перевірено",
        ],
    ),
}

LANGUAGES = ("nl", "fr", "ar", "tr", "uk")
REVIEW = {
    "nl": "checked",
    "fr": "machine-made, not yet checked",
    "ar": "machine-made, not yet checked",
    "tr": "machine-made, not yet checked",
    "uk": "machine-made, not yet checked",
}


def main() -> int:
    strip = "--strip-untranslated" in sys.argv[1:]
    for index, language in enumerate(LANGUAGES):
        path = LOCALE / language / "LC_MESSAGES" / "django.po"
        po = polib.pofile(str(path), wrapwidth=79)
        for entry in po:
            if entry.msgid in T:
                entry.msgstr = T[entry.msgid][index]
            elif entry.msgid in P:
                entry.msgstr_plural = dict(enumerate(P[entry.msgid][index]))
            else:
                continue
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
        po.metadata["Language"] = language
        po.metadata.setdefault("X-Review-Status", REVIEW[language])
        if strip and language != "nl":
            for entry in [e for e in po if not e.translated()]:
                po.remove(entry)
        po.save()
    return 0


if __name__ == "__main__":
    sys.exit(main())
