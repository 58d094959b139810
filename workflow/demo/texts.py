"""Texts of the demo drafts: real-looking acts in Uzbek Latin, Uzbek Cyrillic and Russian."""

RESOLUTION_UZ_LATN = """O'zbekiston Respublikasining "Chiqindilar to‘g‘risida"gi Qonuniga muvofiq hamda aholiga sifatli kommunal xizmat ko‘rsatish maqsadida viloyat hokimi QAROR QILADI:

1. Viloyatda maishiy chiqindilarni yig‘ish va olib chiqish tartibi to‘g‘risidagi Nizom 1-ilovaga muvofiq tasdiqlansin.
2. Tuman (shahar) hokimliklari:
a) 2026-yil 1-martga qadar har bir mahallada chiqindi yig‘ish shoxobchalarini tashkil etsin;
b) chiqindi olib chiqish jadvalini mahalla fuqarolar yig‘inlari bilan kelishgan holda tasdiqlasin.
3. Viloyat ekologiya boshqarmasi ushbu qarorning ijrosini har chorakda tahlil qilib borsin.
4. Mazkur qaror rasmiy e’lon qilingan kundan e’tiboran kuchga kiradi.
5. Ushbu qarorning ijrosini nazorat qilish viloyat hokimining birinchi o‘rinbosari zimmasiga yuklansin.

Viloyat hokimi

Samarqand viloyati hokimining 2026-yil __-dagi __-son qaroriga 1-ILOVA

Maishiy chiqindilarni yig‘ish va olib chiqish tartibi to‘g‘risida NIZOM

1-BOB. UMUMIY QOIDALAR

1. Ushbu Nizom viloyat hududida maishiy chiqindilarni yig‘ish, saqlash va olib chiqish tartibini belgilaydi.
2. Nizom talablari barcha jismoniy va yuridik shaxslar uchun majburiydir.

2-BOB. CHIQINDILARNI YIG‘ISH TARTIBI

3. Chiqindilar maxsus idishlarda saralangan holda yig‘iladi.
4. Ko‘p qavatli uylarda chiqindi idishlari uy-joy mulkdorlari shirkati tomonidan ta’minlanadi.
"""

LAW_UZ_CYRL = """1-боб. Умумий қоидалар

1-модда. Ушбу қарорнинг мақсади
Ушбу қарорнинг мақсади вилоятда давлат органлари ва нодавлат нотижорат ташкилотлари ўртасидаги ижтимоий шерикликни ривожлантиришдан иборат.

2-модда. Асосий тушунчалар
Ушбу қарорда қуйидаги асосий тушунчалар қўлланилади:
ижтимоий шериклик — давлат органларининг нодавлат нотижорат ташкилотлари билан ҳамкорлиги;
ижтимоий буюртма — ижтимоий аҳамиятга молик лойиҳаларни амалга ошириш учун ажратиладиган маблағ.

2-боб. Ижтимоий шерикликни амалга ошириш

3-модда. Ижтимоий шериклик шакллари
1. Ижтимоий шериклик қўшма лойиҳалар, грантлар ва ижтимоий буюртма шаклида амалга оширилади.
2. Ғолиб лойиҳалар очиқ танлов асосида аниқланади.

4-модда. Молиялаштириш
Ижтимоий шериклик вилоят бюджети ҳамда қонун ҳужжатларида тақиқланмаган бошқа манбалар ҳисобидан молиялаштирилади.
"""

DECREE_RU = """В целях повышения качества транспортного обслуживания населения хоким области ПОСТАНОВЛЯЕТ:

1. Утвердить Положение об организации перевозок пассажиров городским транспортом согласно приложению.
2. Управлению транспорта области в срок до 1 июня 2026 года:
а) провести обследование пассажиропотока на городских маршрутах;
б) внести предложения по оптимизации маршрутной сети.
3. Настоящее постановление вступает в силу со дня его официального опубликования.

Приложение № 1

ПОЛОЖЕНИЕ об организации перевозок пассажиров городским транспортом

Глава 1. Общие положения

1. Настоящее Положение определяет порядок организации перевозок пассажиров.
2. Перевозчики обязаны соблюдать расписание движения.
"""

TAX_UZ_LATN = """1. 2027-yil uchun mol-mulk soliqi stavkalari ilovaga muvofiq belgilansin.
2. Yer soliqi bo‘yicha imtiyozlar ijtimoiy himoyaga muhtoj oilalarga saqlab qolinsin.
3. Viloyat moliya boshqarmasi soliq tushumlarini har oy tahlil qilsin.
"""

TOURISM_UZ_LATN = """1. Ziyorat turizmi obyektlarini obodonlashtirish dasturi tasdiqlansin.
2. Turistik yo‘nalishlarda axborot ko‘rsatkichlari o‘zbek, rus va ingliz tillarida o‘rnatilsin.
3. Mehmonxonalar faoliyatini qo‘llab-quvvatlash uchun imtiyozli kreditlar ajratilsin.
"""
