"""Trilingual phrase banks for generate.py: domain vocabularies and sentence templates.

Every entry is an (English, Azerbaijani, Turkish) triple. Domain terms are noun phrases in
the nominative, so the templates place them where Azerbaijani and Turkish keep that case
("... sahəsində", "... konusunda", "... üçün", "... için"); the generator adds the rest of
the variety (numbers, places, names, a long tail of rare words, misspellings).
"""

from __future__ import annotations

Tri = tuple[str, str, str]

# --------------------------------------------------------------------------- domains
# codes: the taxonomy areas (code prefixes) of the domain's keywords; hints: words that pick
# keywords out of the taxonomy (code or English label) if none of those codes exists.
DOMAINS: dict[str, dict] = {
    "energy": {
        "codes": ("tech.energy", "market.energy"),
        "hints": (
            "energy",
            "solar",
            "wind",
            "battery",
            "batteries",
            "hydrogen",
            "grid",
            "power",
            "heat pump",
            "storage",
            "photovoltaic",
            "biogas",
            "bioenergy",
        ),
        "field": ("renewable energy", "bərpa olunan enerji", "yenilenebilir enerji"),
        "terms": [
            ("solar panel", "günəş paneli", "güneş paneli"),
            ("photovoltaic inverter", "fotovoltaik invertor", "fotovoltaik invertör"),
            ("wind turbine blade", "külək turbini pəri", "rüzgar türbini kanadı"),
            (
                "lithium-ion battery system",
                "litium-ion batareya sistemi",
                "lityum iyon batarya sistemi",
            ),
            (
                "green hydrogen electrolyser",
                "yaşıl hidrogen elektrolizatoru",
                "yeşil hidrojen elektrolizörü",
            ),
            ("smart grid controller", "ağıllı şəbəkə kontrolleri", "akıllı şebeke kontrolörü"),
            ("heat pump", "istilik nasosu", "ısı pompası"),
            ("biogas plant", "bioqaz qurğusu", "biyogaz tesisi"),
            ("energy management software", "enerji idarəetmə proqramı", "enerji yönetim yazılımı"),
            ("solar water heater", "günəş su qızdırıcısı", "güneş enerjili su ısıtıcısı"),
            (
                "micro hydropower turbine",
                "mikro su elektrik turbini",
                "mikro hidroelektrik türbini",
            ),
        ],
        "uses": [
            ("rooftop installations", "dam qurğuları", "çatı uygulamaları"),
            (
                "off-grid villages",
                "elektrik şəbəkəsindən kənar kəndlər",
                "şebekeden bağımsız köyler",
            ),
            ("industrial plants", "sənaye müəssisələri", "sanayi tesisleri"),
            ("greenhouses", "istixanalar", "seralar"),
            ("public buildings", "ictimai binalar", "kamu binaları"),
            (
                "electric vehicle charging",
                "elektromobillərin enerji ilə doldurulması",
                "elektrikli araç şarjı",
            ),
        ],
        "gains": [
            (
                "higher conversion efficiency",
                "daha yüksək çevirmə səmərəliliyi",
                "daha yüksek dönüşüm verimliliği",
            ),
            (
                "lower maintenance costs",
                "daha aşağı texniki xidmət xərcləri",
                "daha düşük bakım maliyeti",
            ),
            ("longer service life", "daha uzun istismar müddəti", "daha uzun kullanım ömrü"),
            ("lower CO2 emissions", "daha az CO2 emissiyası", "daha düşük CO2 emisyonu"),
            (
                "stable output in hot climates",
                "isti iqlimdə sabit güc",
                "sıcak iklimde kararlı çıkış gücü",
            ),
        ],
    },
    "ict": {
        "codes": (
            "tech.ict",
            "tech.ai",
            "tech.cyber",
            "tech.edtech.elearning",
            "tech.fintech.payments",
            "market.ict",
            "market.finance",
            "market.consumer.retail",
            "market.education",
        ),
        "hints": (
            "ict",
            "digital",
            "software",
            "artificial",
            "machine learning",
            "cyber",
            "cloud",
            "internet of things",
            "iot",
            "blockchain",
            "data",
            "computer",
            "e-learning",
            "fintech",
            "telecom",
        ),
        "field": ("software development", "proqram təminatının hazırlanması", "yazılım geliştirme"),
        "terms": [
            (
                "machine learning platform",
                "maşın öyrənməsi platforması",
                "makine öğrenmesi platformu",
            ),
            (
                "cybersecurity monitoring system",
                "kibertəhlükəsizlik monitorinq sistemi",
                "siber güvenlik izleme sistemi",
            ),
            ("mobile payment application", "mobil ödəniş tətbiqi", "mobil ödeme uygulaması"),
            ("cloud-based ERP software", "bulud əsaslı ERP proqramı", "bulut tabanlı ERP yazılımı"),
            ("natural language processing", "təbii dilin emalı", "doğal dil işleme"),
            ("IoT sensor network", "IoT sensor şəbəkəsi", "IoT sensör ağı"),
            (
                "blockchain traceability platform",
                "blokçeyn izləmə platforması",
                "blokzincir izlenebilirlik platformu",
            ),
            ("computer vision system", "kompüter görməsi sistemi", "bilgisayarlı görü sistemi"),
            ("e-learning platform", "elektron təlim platforması", "e-öğrenme platformu"),
            ("digital twin software", "rəqəmsal əkiz proqramı", "dijital ikiz yazılımı"),
        ],
        "uses": [
            (
                "banks and insurers",
                "banklar və sığorta şirkətləri",
                "bankalar ve sigorta şirketleri",
            ),
            ("online retail", "onlayn pərakəndə satış", "çevrimiçi perakende"),
            ("public administration", "dövlət idarəçiliyi", "kamu yönetimi"),
            ("schools and universities", "məktəblər və universitetlər", "okullar ve üniversiteler"),
            ("smart cities", "ağıllı şəhərlər", "akıllı şehirler"),
            ("call centres", "çağrı mərkəzləri", "çağrı merkezleri"),
        ],
        "gains": [
            ("real-time analytics", "real vaxt rejimində analitika", "gerçek zamanlı analiz"),
            ("lower licence costs", "daha aşağı lisenziya xərcləri", "daha düşük lisans maliyeti"),
            (
                "support for Azerbaijani and Turkish",
                "Azərbaycan və türk dillərinə dəstək",
                "Azerbaycan Türkçesi ve Türkçe desteği",
            ),
            ("built-in data protection", "daxili məlumat mühafizəsi", "yerleşik veri koruma"),
            (
                "easy integration with existing systems",
                "mövcud sistemlərlə asan inteqrasiya",
                "mevcut sistemlerle kolay entegrasyon",
            ),
        ],
    },
    "agrifood": {
        "codes": ("tech.agrifood", "tech.water.irrigation", "market.agri"),
        "hints": (
            "agri",
            "food",
            "farm",
            "irrigation",
            "crop",
            "fertili",
            "livestock",
            "aquaculture",
            "dairy",
            "packaging",
            "beverage",
            "fruit",
        ),
        "field": (
            "agriculture and food processing",
            "kənd təsərrüfatı və qida emalı",
            "tarım ve gıda işleme",
        ),
        "terms": [
            ("drip irrigation system", "damcı suvarma sistemi", "damla sulama sistemi"),
            ("precision farming drone", "dəqiq əkinçilik dronu", "hassas tarım dronu"),
            ("greenhouse climate control", "istixana iqlim nəzarəti", "sera iklim kontrolü"),
            ("organic fertiliser", "üzvi gübrə", "organik gübre"),
            ("hazelnut processing line", "fındıq emalı xətti", "fındık işleme hattı"),
            ("fruit cold store", "meyvə soyuducu anbarı", "meyve soğuk hava deposu"),
            ("food packaging film", "qida qablaşdırma plyonkası", "gıda ambalaj filmi"),
            ("pomegranate juice concentrate", "nar şirəsi konsentratı", "nar suyu konsantresi"),
            (
                "fish feed for aquaculture",
                "akvakultura üçün balıq yemi",
                "su ürünleri için balık yemi",
            ),
            ("soil moisture sensor", "torpaq nəmliyi sensoru", "toprak nem sensörü"),
        ],
        "uses": [
            ("cotton fields", "pambıq sahələri", "pamuk tarlaları"),
            ("small family farms", "kiçik ailə təsərrüfatları", "küçük aile işletmeleri"),
            ("fruit exporters", "meyvə ixracatçıları", "meyve ihracatçıları"),
            ("vineyards", "üzüm bağları", "üzüm bağları"),
            ("tea plantations", "çay plantasiyaları", "çay bahçeleri"),
            ("food retail chains", "ərzaq pərakəndə şəbəkələri", "gıda perakende zincirleri"),
        ],
        "gains": [
            ("lower water consumption", "daha az su sərfi", "daha az su tüketimi"),
            ("longer shelf life", "daha uzun saxlama müddəti", "daha uzun raf ömrü"),
            ("higher yields", "daha yüksək məhsuldarlıq", "daha yüksek verim"),
            ("less pesticide use", "daha az pestisid istifadəsi", "daha az pestisit kullanımı"),
            (
                "traceability from farm to fork",
                "tarladan süfrəyə qədər izlənmə",
                "tarladan sofraya izlenebilirlik",
            ),
        ],
    },
    "health": {
        "codes": ("tech.health", "tech.biotech", "market.health"),
        "hints": (
            "health",
            "medical",
            "medic",
            "diagnos",
            "pharma",
            "biotech",
            "drug",
            "hospital",
            "implant",
            "telemedicine",
            "wellbeing",
            "care",
        ),
        "field": ("medical technology", "tibbi texnologiya", "tıbbi teknoloji"),
        "terms": [
            ("rapid diagnostic test", "sürətli diaqnostik test", "hızlı tanı testi"),
            ("telemedicine platform", "telemedisina platforması", "teletıp platformu"),
            (
                "antibacterial wound dressing",
                "antibakterial yara sarğısı",
                "antibakteriyel yara örtüsü",
            ),
            (
                "medical imaging software",
                "tibbi görüntüləmə proqramı",
                "tıbbi görüntüleme yazılımı",
            ),
            ("orthopaedic implant", "ortopedik implant", "ortopedik implant"),
            ("probiotic supplement", "probiotik qida əlavəsi", "probiyotik takviye"),
            (
                "hospital disinfection robot",
                "xəstəxana dezinfeksiya robotu",
                "hastane dezenfeksiyon robotu",
            ),
            (
                "monoclonal antibody production",
                "monoklonal anticisim istehsalı",
                "monoklonal antikor üretimi",
            ),
            ("wearable heart monitor", "geyilə bilən ürək monitoru", "giyilebilir kalp monitörü"),
            (
                "herbal medicine extract",
                "bitki mənşəli dərman ekstraktı",
                "bitkisel ilaç ekstraktı",
            ),
        ],
        "uses": [
            ("rural clinics", "kənd klinikaları", "kırsal klinikler"),
            ("elderly care", "yaşlılara qulluq", "yaşlı bakımı"),
            ("diabetes patients", "diabet xəstələri", "diyabet hastaları"),
            ("intensive care units", "reanimasiya şöbələri", "yoğun bakım üniteleri"),
            ("sports medicine", "idman təbabəti", "spor hekimliği"),
            ("veterinary practice", "baytarlıq praktikası", "veteriner hekimliği"),
        ],
        "gains": [
            ("faster diagnosis", "daha sürətli diaqnoz", "daha hızlı teşhis"),
            ("lower infection risk", "daha aşağı infeksiya riski", "daha düşük enfeksiyon riski"),
            ("CE marking", "CE nişanı", "CE işareti"),
            (
                "remote patient monitoring",
                "xəstələrin məsafədən monitorinqi",
                "hastaların uzaktan izlenmesi",
            ),
            ("lower treatment costs", "daha aşağı müalicə xərcləri", "daha düşük tedavi maliyeti"),
        ],
    },
    "materials": {
        "codes": (
            "tech.materials",
            "market.industry.chemical",
            "market.industry.automotive",
            "market.industry.textile",
        ),
        "hints": (
            "material",
            "chemi",
            "polymer",
            "composite",
            "coating",
            "nano",
            "plastic",
            "textile",
            "ceramic",
            "metal",
            "catalys",
        ),
        "field": ("advanced materials", "qabaqcıl materiallar", "ileri malzemeler"),
        "terms": [
            ("graphene coating", "qrafen örtük", "grafen kaplama"),
            ("biodegradable plastic", "bioloji parçalanan plastik", "biyobozunur plastik"),
            ("basalt fibre composite", "bazalt lifli kompozit", "bazalt elyaf kompozit"),
            ("anti-corrosion paint", "antikorroziya boyası", "korozyon önleyici boya"),
            ("ceramic membrane", "keramik membran", "seramik membran"),
            (
                "recycled rubber granulate",
                "təkrar emal edilmiş rezin qranulu",
                "geri dönüştürülmüş kauçuk granülü",
            ),
            ("nanoparticle catalyst", "nanohissəcikli katalizator", "nanoparçacık katalizör"),
            ("polymer adhesive", "polimer yapışqan", "polimer yapıştırıcı"),
            ("natural textile dye", "təbii tekstil boyası", "doğal tekstil boyası"),
            ("bentonite clay", "bentonit gili", "bentonit kili"),
        ],
        "uses": [
            (
                "oil and gas pipelines",
                "neft və qaz boru kəmərləri",
                "petrol ve doğalgaz boru hatları",
            ),
            ("automotive parts", "avtomobil hissələri", "otomotiv parçaları"),
            ("food packaging", "qida qablaşdırması", "gıda ambalajı"),
            ("the carpet industry", "xalçaçılıq sənayesi", "halı sektörü"),
            ("marine structures", "dəniz konstruksiyaları", "deniz yapıları"),
            ("consumer electronics", "məişət elektronikası", "tüketici elektroniği"),
        ],
        "gains": [
            ("corrosion resistance", "korroziyaya davamlılıq", "korozyon direnci"),
            ("lower weight", "daha az çəki", "daha düşük ağırlık"),
            ("full recyclability", "tam təkrar emal imkanı", "tam geri dönüştürülebilirlik"),
            ("lower raw material cost", "daha aşağı xammal dəyəri", "daha düşük hammadde maliyeti"),
            ("a solvent-free formula", "həlledicisiz tərkib", "çözücü içermeyen formül"),
        ],
    },
    "manufacturing": {
        "codes": ("tech.manufacturing", "tech.robotics", "market.industry"),
        "hints": (
            "manufactur",
            "industr",
            "robot",
            "automation",
            "machin",
            "additive",
            "3d print",
            "production",
            "maintenance",
            "laser",
            "mechatron",
        ),
        "field": ("industrial automation", "sənaye avtomatlaşdırılması", "endüstriyel otomasyon"),
        "terms": [
            ("CNC machining", "CNC emalı", "CNC işleme"),
            ("industrial robot arm", "sənaye robot qolu", "endüstriyel robot kolu"),
            ("metal 3D printing", "metal 3D çapı", "metal 3D baskı"),
            (
                "predictive maintenance sensor",
                "proqnozlaşdırıcı texniki xidmət sensoru",
                "kestirimci bakım sensörü",
            ),
            ("laser cutting machine", "lazer kəsmə maşını", "lazer kesim makinesi"),
            (
                "automated quality inspection",
                "avtomatlaşdırılmış keyfiyyət yoxlaması",
                "otomatik kalite kontrolü",
            ),
            (
                "plastic injection moulding",
                "plastik təzyiq altında tökmə",
                "plastik enjeksiyon kalıplama",
            ),
            ("hydraulic press", "hidravlik pres", "hidrolik pres"),
            ("welding robot", "qaynaq robotu", "kaynak robotu"),
            ("carpet weaving machine", "xalça toxuma dəzgahı", "halı dokuma makinesi"),
        ],
        "uses": [
            ("furniture factories", "mebel fabrikləri", "mobilya fabrikaları"),
            ("metal workshops", "metal emalı sexləri", "metal atölyeleri"),
            ("aerospace suppliers", "aerokosmik təchizatçılar", "havacılık tedarikçileri"),
            ("food processing plants", "qida emalı müəssisələri", "gıda işleme tesisleri"),
            ("spare parts production", "ehtiyat hissələrinin istehsalı", "yedek parça üretimi"),
            ("small-batch production", "kiçik partiyalı istehsal", "küçük seri üretim"),
        ],
        "gains": [
            ("shorter cycle times", "daha qısa istehsal dövrü", "daha kısa çevrim süresi"),
            ("micron-level precision", "mikron səviyyəli dəqiqlik", "mikron düzeyinde hassasiyet"),
            ("less scrap", "daha az brak", "daha az fire"),
            ("lower energy use", "daha az enerji sərfi", "daha düşük enerji tüketimi"),
            ("less downtime", "daha az dayanma vaxtı", "daha az duruş süresi"),
        ],
    },
    "transport": {
        "codes": ("tech.transport", "tech.robotics.drones", "market.transport"),
        "hints": (
            "transport",
            "logistic",
            "mobility",
            "vehicle",
            "rail",
            "maritime",
            "aviation",
            "traffic",
            "fleet",
            "warehouse",
            "charging",
        ),
        "field": ("transport and logistics", "nəqliyyat və logistika", "ulaştırma ve lojistik"),
        "terms": [
            ("electric bus", "elektrik avtobusu", "elektrikli otobüs"),
            ("fleet tracking system", "nəqliyyat parkı izləmə sistemi", "filo takip sistemi"),
            ("railway signalling", "dəmir yolu siqnalizasiyası", "demiryolu sinyalizasyonu"),
            ("cold chain monitoring", "soyuq zəncir monitorinqi", "soğuk zincir izleme"),
            ("warehouse automation", "anbar avtomatlaşdırılması", "depo otomasyonu"),
            (
                "route optimisation software",
                "marşrut optimallaşdırma proqramı",
                "rota optimizasyon yazılımı",
            ),
            ("container tracking", "konteyner izləmə", "konteyner takibi"),
            ("drone delivery", "dronla çatdırılma", "dron ile teslimat"),
            (
                "EV charging station",
                "elektromobil doldurma stansiyası",
                "elektrikli araç şarj istasyonu",
            ),
            (
                "traffic management system",
                "nəqliyyat axınlarının idarə edilməsi sistemi",
                "trafik yönetim sistemi",
            ),
        ],
        "uses": [
            (
                "Middle Corridor freight",
                "Orta Dəhliz yükdaşımaları",
                "Orta Koridor yük taşımacılığı",
            ),
            ("port terminals", "liman terminalları", "liman terminalleri"),
            ("urban public transport", "şəhər ictimai nəqliyyatı", "şehir içi toplu taşıma"),
            ("last-mile delivery", "son mil çatdırılması", "son kilometre teslimatı"),
            ("pharmaceutical logistics", "əczaçılıq logistikası", "ilaç lojistiği"),
            (
                "cross-border trucking",
                "sərhədlərarası avtomobil daşımaları",
                "sınır ötesi kamyon taşımacılığı",
            ),
        ],
        "gains": [
            ("fewer empty runs", "daha az boş reys", "daha az boş sefer"),
            ("lower fuel consumption", "daha az yanacaq sərfi", "daha düşük yakıt tüketimi"),
            ("on-time delivery", "vaxtında çatdırılma", "zamanında teslimat"),
            ("full shipment visibility", "yükün tam izlənməsi", "sevkiyatın tam görünürlüğü"),
            ("lower emissions", "daha az emissiya", "daha düşük emisyon"),
        ],
    },
    "construction": {
        "codes": ("tech.construction", "market.construction"),
        "hints": (
            "construction",
            "building",
            "concrete",
            "cement",
            "insulation",
            "seismic",
            "architecture",
            "facade",
            "housing",
        ),
        "field": ("construction", "tikinti", "inşaat"),
        "terms": [
            ("prefabricated wall panel", "prefabrik divar paneli", "prefabrik duvar paneli"),
            ("seismic isolation bearing", "seysmik izolyasiya dayağı", "sismik izolatör"),
            (
                "thermal insulation material",
                "istilik izolyasiya materialı",
                "ısı yalıtım malzemesi",
            ),
            ("self-healing concrete", "özünü bərpa edən beton", "kendi kendini onaran beton"),
            (
                "building information modelling",
                "bina informasiya modelləşdirməsi",
                "yapı bilgi modellemesi",
            ),
            ("green roof system", "yaşıl dam sistemi", "yeşil çatı sistemi"),
            ("smart window glass", "ağıllı pəncərə şüşəsi", "akıllı pencere camı"),
            ("3D concrete printing", "betonun 3D çapı", "3D beton baskı"),
            ("low-carbon cement", "aşağı karbonlu sement", "düşük karbonlu çimento"),
            ("energy-efficient facade", "enerjiyə qənaət edən fasad", "enerji verimli cephe"),
        ],
        "uses": [
            ("residential buildings", "yaşayış binaları", "konut projeleri"),
            ("earthquake zones", "zəlzələ zonaları", "deprem bölgeleri"),
            ("schools and hospitals", "məktəblər və xəstəxanalar", "okullar ve hastaneler"),
            (
                "renovation of old apartment blocks",
                "köhnə yaşayış binalarının bərpası",
                "eski apartmanların yenilenmesi",
            ),
            ("industrial halls", "sənaye binaları", "endüstriyel yapılar"),
            ("hotels", "otellər", "oteller"),
        ],
        "gains": [
            ("faster construction", "daha sürətli tikinti", "daha hızlı inşaat"),
            ("lower heating costs", "daha aşağı istilik xərcləri", "daha düşük ısınma maliyeti"),
            ("earthquake safety", "zəlzələ təhlükəsizliyi", "deprem güvenliği"),
            ("less cement use", "daha az sement sərfi", "daha az çimento kullanımı"),
            ("fire resistance", "yanğına davamlılıq", "yangın dayanımı"),
        ],
    },
    "environment": {
        "codes": (
            "tech.environment",
            "tech.water",
            "market.environment",
            "market.public.municipalities",
        ),
        "hints": (
            "environment",
            "water",
            "waste",
            "recycl",
            "pollution",
            "air quality",
            "circular",
            "climate",
            "emission",
            "soil",
            "remediation",
        ),
        "field": ("environmental engineering", "ekoloji mühəndislik", "çevre mühendisliği"),
        "terms": [
            (
                "wastewater treatment plant",
                "tullantı sularının təmizlənməsi qurğusu",
                "atık su arıtma tesisi",
            ),
            (
                "seawater desalination",
                "dəniz suyunun duzsuzlaşdırılması",
                "deniz suyu tuzdan arındırma",
            ),
            ("air quality sensor", "hava keyfiyyəti sensoru", "hava kalitesi sensörü"),
            ("oil spill absorbent", "neft dağılmalarına qarşı absorbent", "petrol sızıntısı emici"),
            (
                "plastic waste recycling",
                "plastik tullantıların təkrar emalı",
                "plastik atık geri dönüşümü",
            ),
            ("landfill gas capture", "poliqon qazının tutulması", "çöp gazı toplama"),
            ("water leak detection", "su sızmalarının aşkarlanması", "su kaçağı tespiti"),
            (
                "contaminated soil remediation",
                "çirklənmiş torpağın bərpası",
                "kirlenmiş toprak iyileştirme",
            ),
            ("industrial composting", "sənaye kompostlaşdırması", "endüstriyel kompostlama"),
            ("UV water disinfection", "suyun UV dezinfeksiyası", "UV ile su dezenfeksiyonu"),
        ],
        "uses": [
            ("the Caspian coast", "Xəzər sahili", "Hazar kıyısı"),
            ("municipal utilities", "bələdiyyə kommunal xidmətləri", "belediye hizmetleri"),
            ("the Absheron oil fields", "Abşeron neft yataqları", "Abşeron petrol sahaları"),
            ("textile dye houses", "tekstil boyaxanaları", "tekstil boyahaneleri"),
            ("olive oil mills", "zeytun yağı zavodları", "zeytinyağı fabrikaları"),
            ("hotels and resorts", "otel və istirahət kompleksləri", "otel ve tatil köyleri"),
        ],
        "gains": [
            (
                "lower operating costs",
                "daha aşağı istismar xərcləri",
                "daha düşük işletme maliyeti",
            ),
            (
                "compliance with EU directives",
                "Aİ direktivlərinə uyğunluq",
                "AB direktiflerine uyum",
            ),
            ("water reuse", "suyun təkrar istifadəsi", "suyun yeniden kullanımı"),
            ("chemical-free operation", "kimyəvi maddəsiz iş rejimi", "kimyasalsız çalışma"),
            ("less sludge", "daha az lil", "daha az çamur"),
        ],
    },
}

# --------------------------------------------------------------------------- shared slots
ORGS: list[Tri] = [
    ("SME", "KOS", "KOBİ"),
    ("start-up", "startap", "girişim şirketi"),
    ("university research group", "universitet tədqiqat qrupu", "üniversite araştırma grubu"),
    ("research institute", "elmi-tədqiqat institutu", "araştırma enstitüsü"),
    ("family-owned manufacturer", "ailə istehsal şirkəti", "aile şirketi olan üretici"),
    ("technology park company", "texnologiya parkı şirkəti", "teknopark firması"),
    ("large industrial group", "iri sənaye qrupu", "büyük sanayi grubu"),
    ("engineering company", "mühəndislik şirkəti", "mühendislik firması"),
]

# Adjectives that titles sometimes put before the term.
ADJECTIVES: list[Tri] = [
    ("innovative", "innovativ", "yenilikçi"),
    ("compact", "yığcam", "kompakt"),
    ("modular", "modul tipli", "modüler"),
    ("portable", "portativ", "taşınabilir"),
    ("automated", "avtomatlaşdırılmış", "otomatik"),
    ("smart", "ağıllı", "akıllı"),
    ("energy-saving", "enerjiyə qənaət edən", "enerji tasarruflu"),
    ("next-generation", "yeni nəsil", "yeni nesil"),
    ("AI-based", "süni intellekt əsaslı", "yapay zekâ tabanlı"),
    ("high-precision", "yüksək dəqiqlikli", "yüksek hassasiyetli"),
    ("wireless", "simsiz", "kablosuz"),
    ("eco-friendly", "ekoloji təmiz", "çevre dostu"),
    ("industrial-scale", "sənaye miqyaslı", "endüstriyel ölçekli"),
    ("locally produced", "yerli istehsal", "yerli üretim"),
    ("certified", "sertifikatlı", "sertifikalı"),
    ("affordable", "münasib qiymətli", "uygun fiyatlı"),
]

CITIES: list[Tri] = [
    ("Baku", "Bakı", "Bakü"),
    ("Ganja", "Gəncə", "Gence"),
    ("Sumgait", "Sumqayıt", "Sumgayıt"),
    ("Lankaran", "Lənkəran", "Lenkeran"),
    ("Shaki", "Şəki", "Şeki"),
    ("Mingachevir", "Mingəçevir", "Mingeçevir"),
    ("Nakhchivan", "Naxçıvan", "Nahçıvan"),
    ("Istanbul", "İstanbul", "İstanbul"),
    ("Ankara", "Ankara", "Ankara"),
    ("Izmir", "İzmir", "İzmir"),
    ("Bursa", "Bursa", "Bursa"),
    ("Kayseri", "Kayseri", "Kayseri"),
    ("Gaziantep", "Qaziantep", "Gaziantep"),
    ("Konya", "Konya", "Konya"),
    ("Trabzon", "Trabzon", "Trabzon"),
    ("Eskisehir", "Əskişəhər", "Eskişehir"),
    ("Kars", "Qars", "Kars"),
    ("Tbilisi", "Tbilisi", "Tiflis"),
    ("Berlin", "Berlin", "Berlin"),
    ("Milan", "Milan", "Milano"),
    ("Valencia", "Valensiya", "Valensiya"),
    ("Warsaw", "Varşava", "Varşova"),
    ("Vienna", "Vyana", "Viyana"),
    ("Almaty", "Almatı", "Almatı"),
]

COUNTRIES: list[Tri] = [
    ("Azerbaijan", "Azərbaycan", "Azerbaycan"),
    ("Türkiye", "Türkiyə", "Türkiye"),
    ("Germany", "Almaniya", "Almanya"),
    ("Italy", "İtaliya", "İtalya"),
    ("Georgia", "Gürcüstan", "Gürcistan"),
    ("Kazakhstan", "Qazaxıstan", "Kazakistan"),
    ("Uzbekistan", "Özbəkistan", "Özbekistan"),
    ("Poland", "Polşa", "Polonya"),
    ("Spain", "İspaniya", "İspanya"),
    ("France", "Fransa", "Fransa"),
    ("Romania", "Rumıniya", "Romanya"),
]

PARTNERSHIPS: list[Tri] = [
    ("license agreement", "lisenziya müqaviləsi", "lisans anlaşması"),
    (
        "technical cooperation agreement",
        "texniki əməkdaşlıq müqaviləsi",
        "teknik işbirliği anlaşması",
    ),
    (
        "research cooperation agreement",
        "tədqiqat əməkdaşlığı müqaviləsi",
        "araştırma işbirliği anlaşması",
    ),
    (
        "commercial agreement with technical assistance",
        "texniki yardım nəzərdə tutan kommersiya müqaviləsi",
        "teknik destekli ticari anlaşma",
    ),
    ("joint venture agreement", "birgə müəssisə müqaviləsi", "ortak girişim anlaşması"),
    (
        "distribution services agreement",
        "distribusiya xidmətləri müqaviləsi",
        "dağıtım hizmetleri anlaşması",
    ),
    ("manufacturing agreement", "istehsal müqaviləsi", "üretim anlaşması"),
    ("outsourcing agreement", "autsorsinq müqaviləsi", "dış kaynak kullanımı anlaşması"),
]

CALLS: list[Tri] = [
    ("Horizon Europe", "Horizon Europe", "Ufuk Avrupa"),
    ("Eureka Eurostars", "Eureka Eurostars", "Eureka Eurostars"),
    ("TÜBİTAK 1001", "TÜBİTAK 1001", "TÜBİTAK 1001"),
    ("an Innovation Agency grant", "İnnovasiya Agentliyinin qrantı", "İnovasyon Ajansı hibesi"),
    (
        "Interreg NEXT Black Sea Basin",
        "Interreg NEXT Qara Dəniz hövzəsi",
        "Interreg NEXT Karadeniz Havzası",
    ),
    ("a COST Action", "COST Aksiyası", "COST Aksiyonu"),
]

MONTHS: list[Tri] = [
    ("January", "yanvar", "Ocak"), ("February", "fevral", "Şubat"),
    ("March", "mart", "Mart"), ("April", "aprel", "Nisan"), ("May", "may", "Mayıs"),
    ("June", "iyun", "Haziran"), ("July", "iyul", "Temmuz"), ("August", "avqust", "Ağustos"),
    ("September", "sentyabr", "Eylül"), ("October", "oktyabr", "Ekim"),
    ("November", "noyabr", "Kasım"), ("December", "dekabr", "Aralık"),
]  # fmt: skip

# Syllables of the long tail of rare words (product names, local jargon, surnames).
SYLLABLES = {
    "en": (
        "ax",
        "bel",
        "cor",
        "dan",
        "el",
        "fen",
        "gar",
        "hol",
        "is",
        "jet",
        "kin",
        "lor",
        "mar",
        "nex",
        "or",
        "pra",
        "quin",
        "ros",
        "sol",
        "tek",
        "ul",
        "ver",
        "wen",
        "zan",
    ),
    "az": (
        "ab",
        "bəy",
        "çay",
        "dağ",
        "əl",
        "fər",
        "gül",
        "xan",
        "ıl",
        "kər",
        "qar",
        "lən",
        "mə",
        "nur",
        "ör",
        "pəs",
        "ra",
        "səd",
        "şir",
        "tağ",
        "ün",
        "vəz",
        "yur",
        "zər",
    ),
    "tr": (
        "ak",
        "bey",
        "can",
        "dem",
        "er",
        "fik",
        "gök",
        "han",
        "ıl",
        "kar",
        "lal",
        "mer",
        "naz",
        "öz",
        "pın",
        "ruh",
        "sel",
        "şen",
        "tan",
        "uç",
        "ün",
        "ver",
        "yıl",
        "zen",
    ),
}
RARE_ENDINGS = {
    "en": ("", "on", "ix", "ium", "ase", "ite"),
    "az": ("", "lı", "çı", "li", "ov", "zadə"),
    "tr": ("", "lı", "cı", "li", "oğlu", "kan"),
}

# --------------------------------------------------------------------------- templates
# Slots: {term} {term2} {use} {use2} {gain} {gain2} {org} {city} {city_org} {country}
# {partner} {partner2} {call} {brand} {rare} {staff} {num} {few} {pct} {year} {year_ord} (az)
# {yrs} {months} {trl} {amount} {date} {neg} {pos} {field}; {w1}..{w4}: words of lexicon.py
# (the open-ended part of the vocabulary), in the "free" sentences.  {a} is the English article
# for the word after it (fixed after filling).
TEMPLATES: dict[str, dict[str, list[str]]] = {
    "en": {
        "city_org": ["a {city}-based {org}", "a {org} from {city}", "an {org} in {city}"],
        "title_TO": [
            "{term} for {use}",
            "Novel {term} with {gain}",
            "{brand}: {term} for {use}",
            "Low-cost {term} for {use}",
            "{term} technology available for licensing",
            "Patented {term} offering {gain}",
        ],
        "title_TR": [
            "{term} sought for {use}",
            "Looking for {term} with {gain}",
            "{org} seeks {term} technology",
            "Technology partner needed for {term}",
            "Request for {term} to achieve {gain}",
        ],
        "title_BO": [
            "Manufacturer of {term} looking for distributors",
            "{org} offers {term} under a {partner}",
            "Supplier of {term} for {use} seeks agents",
        ],
        "title_BR": [
            "Supplier of {term} wanted",
            "{org} looking for manufacturers of {term}",
            "Distributor seeks {term} for {use}",
        ],
        "title_RDR": [
            "Partners sought for a {call} project on {term}",
            "R&D cooperation on {term} for {use}",
            "Research partner with expertise in {term2} wanted for a {term} project",
        ],
        "summary_TO": [
            "{city_org} has developed {a} {term} for {use} and offers it under a {partner}.",
            "{city_org} offers a patented {term} that gives {gain}.",
        ],
        "summary_TR": [
            "{city_org} is looking for {a} {term} providing {gain} for {use}.",
            "{city_org} needs a proven {term} for {use}.",
        ],
        "summary_BO": [
            "{city_org} producing {term} is looking for distributors abroad.",
            "{city_org} offers {term} for {use} under a {partner}.",
        ],
        "summary_BR": [
            "{city_org} seeks suppliers of {term} for {use}.",
            "{city_org} wants to buy {term} with {gain}.",
        ],
        "summary_RDR": [
            "{city_org} is looking for partners with expertise in {term} for a {call} proposal.",
            "A consortium working on {term} for {use} seeks research partners.",
        ],
        "intro": [
            "{city_org} has been active in {field} since {year} and has {staff} employees.",
            "The company was founded in {year} and employs {staff} people.",
            "{city_org} specialises in {field}.",
            "The {org} has {yrs} years of experience in {field} and works with partners in "
            "{country}.",
        ],
        "body_TO": [
            "The {org} has developed {a} {term} that offers {gain} compared with "
            "conventional solutions.",
            "The technology combines {term} and {term2} and is designed for {use}.",
            "Tests in {use} showed {gain} and a {pct} reduction in costs.",
            "The main innovation is a patented {rare} process that gives {gain}.",
            "The {brand} prototype has been validated at {trl} and field trials are running "
            "in {city}.",
            "Unlike existing products, the solution provides {gain} and {gain2}.",
            "Typical applications include {use} and {use2}.",
            "A patent application was filed in {year} and the technology is protected in "
            "{country}.",
            "Production costs are about {pct} lower than those of imported equipment.",
            "The system works at temperatures from {neg} to {pos} °C and needs little maintenance.",
        ],
        "partner_TO": [
            "The company is looking for partners interested in a {partner} or a {partner2}.",
            "Partners are sought in {country} and other countries for a {partner}.",
            "The ideal partner is a company active in {use} that could adapt the technology "
            "under a {partner}.",
        ],
        "body_TR": [
            "The {org} needs {a} {term} for {use}.",
            "Current equipment does not provide {gain}, so the company is looking for a "
            "proven {term}.",
            "The solution should reach at least {trl} and handle {num} units per day.",
            "The company is ready to test the technology in its plant in {city} within "
            "{months} months.",
            "Solutions based on {term} and {term2} are preferred.",
            "The budget for the first pilot is about {amount} EUR.",
            "Requirements: {gain}, {gain2} and local technical support.",
        ],
        "partner_TR": [
            "The company wants to work with technology owners under a {partner}.",
            "Universities, research institutes and companies with experience in {term} are "
            "invited to reply.",
            "A {partner} or a {partner2} is foreseen.",
        ],
        "body_BO": [
            "The company manufactures {term} and {term2} for {use}.",
            "Its products are exported to {country} and {few} other countries.",
            "Annual production capacity is {num} units, and all products are ISO 9001 certified.",
            "The {brand} product line offers {gain} at competitive prices.",
            "The company also provides installation, training and after-sales service in {city}.",
            "Key advantages are {gain} and {gain2}.",
        ],
        "partner_BO": [
            "It is looking for distributors and commercial agents in {country} under a {partner}.",
            "Foreign companies interested in a {partner} are welcome to get in touch.",
        ],
        "body_BR": [
            "The company is looking for reliable suppliers of {term} for {use}.",
            "Its annual demand is about {num} units.",
            "Suppliers must deliver to {city} within {months} months and provide "
            "documentation in English.",
            "The company currently imports {term2} and wants to diversify its supply chain.",
            "Key requirements are {gain} and {gain2}.",
        ],
        "partner_BR": [
            "A {partner} with a manufacturer is sought.",
            "Manufacturers from {country} and the region are invited to send offers.",
        ],
        "body_RDR": [
            "A consortium led by a {org} from {city} is preparing a proposal for {call}.",
            "The project will develop {a} {term} for {use} and test it at {few} pilot sites.",
            "The consortium already includes {few} partners from {country} and other "
            "countries and needs expertise in {term2}.",
            "The project will run for {months} months with an estimated budget of {amount} EUR.",
            "The deadline for expressions of interest is {date}.",
        ],
        "partner_RDR": [
            "Partners are sought for a {partner}.",
            "Research organisations and SMEs with experience in {term2} are welcome.",
        ],
        "free": [
            "The {w1} {w2} also supports {w3} and {w4}.",
            "Further work on {w1} and {w2} is planned with {w3} partners.",
            "It has been tested with {w1}, {w2} and {w3}.",
            "Keywords: {w1}, {w2}, {w3}, {w4}.",
            "Relevant fields are {w1}, {w2} and {w3} {w4}.",
            "The {w1} is compatible with {w2} {w3}.",
            "Experience with {w1} and {w2} {w3} is an advantage.",
            "Options include {w1}, {w2} {w3} and {w4}.",
        ],
        "detail": [
            "More information about the {brand} system is available on request.",
            "The team includes {staff} engineers and researchers.",
            "Results were presented at a conference in {city} in {year}.",
            "The {rare} module can also be supplied separately.",
            "The approach also reduces waste by {pct}.",
            "Reference customers in {country} can be visited.",
        ],
    },
    "az": {
        "city_org": ["{city} şəhərində yerləşən {org}", "{city} şəhərindən olan {org}"],
        "title_TO": [
            "{use} üçün {term}",
            "{gain} təmin edən yeni {term}",
            "{brand}: {use} üçün {term}",
            "{use} üçün aşağı qiymətli {term}",
            "Lisenziya üçün təklif olunan {term} texnologiyası",
            "{gain} verən patentləşdirilmiş {term}",
        ],
        "title_TR": [
            "{use} üçün {term} axtarılır",
            "{gain} təmin edən {term} axtarılır",
            "{org} {term} texnologiyası axtarır",
            "{term} üzrə texnoloji tərəfdaş axtarılır",
            "{gain} üçün {term} tələb olunur",
        ],
        "title_BO": [
            "{term} istehsalçısı distribyutorlar axtarır",
            "{org} {partner} çərçivəsində {term} təklif edir",
            "{use} üçün {term} təchizatçısı agentlər axtarır",
        ],
        "title_BR": [
            "{term} təchizatçısı axtarılır",
            "{org} {term} istehsalçıları axtarır",
            "Distribyutor {use} üçün {term} axtarır",
        ],
        "title_RDR": [
            "{term} üzrə {call} layihəsi üçün tərəfdaşlar axtarılır",
            "{use} üçün {term} sahəsində elmi-tədqiqat əməkdaşlığı",
            "{term} layihəsi üçün {term2} üzrə tədqiqat tərəfdaşı axtarılır",
        ],
        "summary_TO": [
            "{city_org} {use} üçün {term} hazırlayıb və onu {partner} əsasında təklif edir.",
            "{city_org} {gain} verən patentləşdirilmiş {term} təklif edir.",
        ],
        "summary_TR": [
            "{city_org} {use} üçün {gain} təmin edən {term} axtarır.",
            "{city_org} {use} üçün sınaqdan keçmiş {term} axtarır.",
        ],
        "summary_BO": [
            "{city_org} {term} istehsal edir və xaricdə distribyutorlar axtarır.",
            "{city_org} {use} üçün {term} məhsulunu {partner} əsasında təklif edir.",
        ],
        "summary_BR": [
            "{city_org} {use} üçün {term} təchizatçıları axtarır.",
            "{city_org} {gain} təmin edən {term} almaq istəyir.",
        ],
        "summary_RDR": [
            "{city_org} {call} layihə təklifi üçün {term} sahəsində təcrübəsi olan "
            "tərəfdaşlar axtarır.",
            "{use} üçün {term} üzərində işləyən konsorsium tədqiqat tərəfdaşları axtarır.",
        ],
        "intro": [
            "{city_org} {year_ord} ildən bəri {field} sahəsində fəaliyyət göstərir və "
            "{staff} nəfər işçisi var.",
            "Şirkət {year_ord} ildə yaradılıb və hazırda orada {staff} əməkdaş çalışır.",
            "{city_org} {field} üzrə ixtisaslaşıb.",
            "{org} {field} sahəsində {yrs} illik təcrübəyə malikdir və {country} və digər "
            "ölkələrdəki tərəfdaşlarla işləyir.",
        ],
        "body_TO": [
            "{org} ənənəvi həllərlə müqayisədə {gain} təmin edən {term} hazırlayıb.",
            "Texnologiya {term} və {term2} imkanlarını birləşdirir və {use} üçün nəzərdə tutulub.",
            "{use} şəraitində aparılan sınaqlar {gain} və xərclərin {pct} azaldığını göstərib.",
            "Əsas yenilik {gain} təmin edən patentləşdirilmiş {rare} prosesidir.",
            "{brand} prototipi {trl} səviyyəsində təsdiqlənib və {city} şəhərində sahə "
            "sınaqları davam edir.",
            "Mövcud məhsullardan fərqli olaraq, bu həll {gain} və {gain2} təmin edir.",
            "Tipik tətbiq sahələrinə {use} və {use2} daxildir.",
            "{year_ord} ildə patent ərizəsi verilib və texnologiya {country} ərazisində qorunur.",
            "İstehsal xərcləri idxal olunan avadanlıqla müqayisədə təxminən {pct} aşağıdır.",
            "Sistem {neg} ilə {pos} °C arasında işləyir və az texniki xidmət tələb edir.",
        ],
        "partner_TO": [
            "Şirkət {partner} və ya {partner2} ilə maraqlanan tərəfdaşlar axtarır.",
            "{country} və digər ölkələrdən {partner} üçün tərəfdaşlar axtarılır.",
            "İdeal tərəfdaş {use} sahəsində fəaliyyət göstərən və texnologiyanı {partner} "
            "əsasında uyğunlaşdıra bilən şirkətdir.",
        ],
        "body_TR": [
            "{org} {use} üçün {term} axtarır.",
            "Mövcud avadanlıq {gain} təmin etmir, buna görə şirkət sınaqdan keçmiş {term} axtarır.",
            "Həll ən azı {trl} səviyyəsinə çatmalı və gündə {num} vahid emal edə bilməlidir.",
            "Şirkət texnologiyanı {months} ay ərzində {city} şəhərindəki müəssisəsində "
            "sınaqdan keçirməyə hazırdır.",
            "{term} və {term2} əsaslı həllərə üstünlük verilir.",
            "İlk pilot layihənin büdcəsi təxminən {amount} avrodur.",
            "Tələblər: {gain}, {gain2} və yerli texniki dəstək.",
        ],
        "partner_TR": [
            "Şirkət texnologiya sahibləri ilə {partner} əsasında işləmək istəyir.",
            "{term} sahəsində təcrübəsi olan universitetlər, elmi-tədqiqat institutları və "
            "şirkətlər müraciət edə bilər.",
            "{partner} və ya {partner2} nəzərdə tutulur.",
        ],
        "body_BO": [
            "Şirkət {use} üçün {term} və {term2} istehsal edir.",
            "Məhsullar {country} və daha {few} ölkəyə ixrac olunur.",
            "İllik istehsal gücü {num} ədəddir və bütün məhsullar ISO 9001 sertifikatına malikdir.",
            "{brand} məhsul xətti rəqabətli qiymətlərlə {gain} təklif edir.",
            "Şirkət həmçinin {city} şəhərində quraşdırma, təlim və satışdan sonrakı xidmət "
            "göstərir.",
            "Əsas üstünlüklər bunlardır: {gain} və {gain2}.",
        ],
        "partner_BO": [
            "Şirkət {country} bazarında {partner} əsasında distribyutorlar və kommersiya "
            "agentləri axtarır.",
            "{partner} ilə maraqlanan xarici şirkətlər əlaqə saxlaya bilər.",
        ],
        "body_BR": [
            "Şirkət {use} üçün etibarlı {term} təchizatçıları axtarır.",
            "Şirkətin illik tələbatı təxminən {num} ədəddir.",
            "Təchizatçılar məhsulu {months} ay ərzində {city} şəhərinə çatdırmalı və "
            "sənədləri ingilis dilində təqdim etməlidir.",
            "Şirkət hazırda {term2} idxal edir və təchizat zəncirini şaxələndirmək istəyir.",
            "Əsas tələblər bunlardır: {gain} və {gain2}.",
        ],
        "partner_BR": [
            "İstehsalçı ilə {partner} bağlanması nəzərdə tutulur.",
            "{country} və regiondan olan istehsalçılar təkliflərini göndərə bilər.",
        ],
        "body_RDR": [
            "{city} şəhərindən olan {org} rəhbərliyi ilə konsorsium {call} üçün təklif hazırlayır.",
            "Layihə çərçivəsində {use} üçün {term} hazırlanacaq və {few} pilot məkanda "
            "sınaqdan keçiriləcək.",
            "Konsorsiumda artıq {country} və digər ölkələrdən {few} tərəfdaş var, lakin "
            "{term2} sahəsində ekspertizaya ehtiyac var.",
            "Layihə {months} ay davam edəcək, təxmini büdcəsi {amount} avrodur.",
            "Maraq ifadələrinin qəbulu üçün son tarix: {date}.",
        ],
        "partner_RDR": [
            "{partner} üçün tərəfdaşlar axtarılır.",
            "{term2} sahəsində təcrübəsi olan elmi təşkilatlar və KOS-lar dəvət olunur.",
        ],
        "free": [
            "{w1} və {w2} üzrə təcrübə üstünlükdür.",
            "Sistem {w1}, {w2} və {w3} ilə sınaqdan keçirilib.",
            "Açar sözlər: {w1}, {w2}, {w3}, {w4}.",
            "Əlaqəli sahələr: {w1}, {w2} və {w3} {w4}.",
            "{w1} {w2} ilə uyğunlaşdırıla bilər.",
            "Gələcəkdə {w1} və {w2} {w3} istiqamətində inkişaf planlaşdırılır.",
            "Əlavə imkanlar: {w1}, {w2} {w3} və {w4}.",
            "Həll {w1} {w2} və {w3} tələblərinə cavab verir.",
        ],
        "detail": [
            "{brand} sistemi haqqında əlavə məlumat sorğu əsasında təqdim edilir.",
            "Komandada {staff} mühəndis və tədqiqatçı çalışır.",
            "Nəticələr {year_ord} ildə {city} şəhərində keçirilən konfransda təqdim olunub.",
            "{rare} modulu ayrıca da təchiz edilə bilər.",
            "Bu yanaşma tullantıları da {pct} azaldır.",
            "{country} ərazisindəki istinad müştərilərinə baş çəkmək mümkündür.",
        ],
    },
    "tr": {
        "city_org": ["{city} merkezli bir {org}", "{city} şehrinden bir {org}"],
        "title_TO": [
            "{use} için {term}",
            "{gain} sağlayan yeni {term}",
            "{brand}: {use} için {term}",
            "{use} için düşük maliyetli {term}",
            "Lisanslamaya açık {term} teknolojisi",
            "{gain} sunan patentli {term}",
        ],
        "title_TR": [
            "{use} için {term} aranıyor",
            "{gain} sağlayan {term} aranıyor",
            "{org} {term} teknolojisi arıyor",
            "{term} konusunda teknoloji ortağı aranıyor",
            "{gain} hedefi için {term} talebi",
        ],
        "title_BO": [
            "{term} üreticisi distribütör arıyor",
            "{org} {partner} kapsamında {term} sunuyor",
            "{use} için {term} tedarikçisi temsilci arıyor",
        ],
        "title_BR": [
            "{term} tedarikçisi aranıyor",
            "{org} {term} üreticileri arıyor",
            "Distribütör {use} için {term} arıyor",
        ],
        "title_RDR": [
            "{term} konusunda {call} projesi için ortak aranıyor",
            "{use} için {term} alanında Ar-Ge işbirliği",
            "{term} projesi için {term2} konusunda araştırma ortağı aranıyor",
        ],
        "summary_TO": [
            "{city_org} {use} için bir {term} geliştirmiş olup bunu {partner} kapsamında "
            "sunmaktadır.",
            "{city_org} {gain} sağlayan patentli bir {term} sunmaktadır.",
        ],
        "summary_TR": [
            "{city_org} {use} için {gain} sağlayan bir {term} aramaktadır.",
            "{city_org} {use} için kanıtlanmış bir {term} aramaktadır.",
        ],
        "summary_BO": [
            "{city_org} {term} üretmekte ve yurt dışında distribütör aramaktadır.",
            "{city_org} {use} için {term} ürününü {partner} kapsamında sunmaktadır.",
        ],
        "summary_BR": [
            "{city_org} {use} için {term} tedarikçileri aramaktadır.",
            "{city_org} {gain} sağlayan {term} satın almak istemektedir.",
        ],
        "summary_RDR": [
            "{city_org} {call} proje önerisi için {term} konusunda deneyimli ortaklar aramaktadır.",
            "{use} için {term} üzerinde çalışan bir konsorsiyum araştırma ortakları aramaktadır.",
        ],
        "intro": [
            "{city_org} {year} yılından bu yana {field} alanında faaliyet göstermektedir ve "
            "{staff} çalışanı bulunmaktadır.",
            "Şirket {year} yılında kurulmuştur ve bugün {staff} kişiyi istihdam etmektedir.",
            "{city_org} {field} konusunda uzmanlaşmıştır.",
            "Firma {field} alanında {yrs} yıllık deneyime sahiptir ve {country} ile diğer "
            "ülkelerdeki ortaklarla çalışmaktadır.",
        ],
        "body_TO": [
            "{org} geleneksel çözümlere göre {gain} sağlayan bir {term} geliştirmiştir.",
            "Teknoloji {term} ve {term2} bileşenlerini bir araya getirmekte olup {use} için "
            "tasarlanmıştır.",
            "{use} alanında yapılan testler {gain} ve maliyetlerde {pct} azalma olduğunu "
            "göstermiştir.",
            "Temel yenilik, {gain} sağlayan patentli bir {rare} sürecidir.",
            "{brand} prototipi {trl} seviyesinde doğrulanmış olup {city} şehrinde saha "
            "denemeleri sürmektedir.",
            "Mevcut ürünlerden farklı olarak çözüm {gain} ve {gain2} sunmaktadır.",
            "Tipik uygulama alanları arasında {use} ve {use2} yer almaktadır.",
            "{year} yılında patent başvurusu yapılmış olup teknoloji {country} genelinde "
            "korunmaktadır.",
            "Üretim maliyetleri ithal ekipmanlara göre yaklaşık {pct} daha düşüktür.",
            "Sistem {neg} ile {pos} °C arasındaki sıcaklıklarda çalışmakta ve az bakım "
            "gerektirmektedir.",
        ],
        "partner_TO": [
            "Şirket {partner} veya {partner2} ile ilgilenen ortaklar aramaktadır.",
            "{country} ve diğer ülkelerden {partner} için ortaklar aranmaktadır.",
            "İdeal ortak, {use} alanında faaliyet gösteren ve teknolojiyi {partner} "
            "çerçevesinde uyarlayabilecek bir firmadır.",
        ],
        "body_TR": [
            "{org}, {use} için bir {term} arayışındadır.",
            "Mevcut ekipman {gain} sağlamadığından şirket kanıtlanmış bir {term} aramaktadır.",
            "Çözümün en az {trl} seviyesinde olması ve günde {num} birim işleyebilmesi "
            "gerekmektedir.",
            "Şirket teknolojiyi {months} ay içinde {city} şehrindeki tesisinde test etmeye "
            "hazırdır.",
            "{term} ve {term2} temelli çözümler tercih edilmektedir.",
            "İlk pilot uygulama için bütçe yaklaşık {amount} avrodur.",
            "Gereksinimler: {gain}, {gain2} ve yerel teknik destek.",
        ],
        "partner_TR": [
            "Şirket teknoloji sahipleriyle {partner} çerçevesinde çalışmak istemektedir.",
            "{term} konusunda deneyimli üniversiteler, araştırma enstitüleri ve firmalar "
            "başvurabilir.",
            "{partner} veya {partner2} öngörülmektedir.",
        ],
        "body_BO": [
            "Firma {use} için {term} ve {term2} üretmektedir.",
            "Ürünleri {country} ve {few} farklı ülkeye ihraç edilmektedir.",
            "Yıllık üretim kapasitesi {num} adettir ve tüm ürünler ISO 9001 sertifikalıdır.",
            "{brand} ürün serisi rekabetçi fiyatlarla {gain} sunmaktadır.",
            "Firma ayrıca {city} şehrinde kurulum, eğitim ve satış sonrası hizmet vermektedir.",
            "Temel avantajlar şunlardır: {gain} ve {gain2}.",
        ],
        "partner_BO": [
            "Firma {country} pazarında {partner} kapsamında distribütör ve ticari temsilciler "
            "aramaktadır.",
            "{partner} ile ilgilenen yabancı firmalar iletişime geçebilir.",
        ],
        "body_BR": [
            "Firma {use} için güvenilir {term} tedarikçileri aramaktadır.",
            "Firmanın yıllık ihtiyacı yaklaşık {num} adettir.",
            "Tedarikçilerin ürünleri {months} ay içinde {city} şehrine teslim etmesi ve "
            "belgeleri İngilizce sunması gerekmektedir.",
            "Firma şu anda {term2} ithal etmekte ve tedarik zincirini çeşitlendirmek istemektedir.",
            "Temel gereksinimler şunlardır: {gain} ve {gain2}.",
        ],
        "partner_BR": [
            "Bir üretici ile {partner} yapılması planlanmaktadır.",
            "{country} ve bölgedeki üreticiler tekliflerini gönderebilir.",
        ],
        "body_RDR": [
            "{city} merkezli bir {org} liderliğindeki konsorsiyum {call} için proje önerisi "
            "hazırlamaktadır.",
            "Proje kapsamında {use} için bir {term} geliştirilecek ve {few} pilot alanda test "
            "edilecektir.",
            "Konsorsiyumda {country} ve diğer ülkelerden {few} ortak bulunmakta olup {term2} "
            "alanında uzmanlığa ihtiyaç duyulmaktadır.",
            "Proje {months} ay sürecek olup tahmini bütçesi {amount} avrodur.",
            "İlgi beyanı için son tarih: {date}.",
        ],
        "partner_RDR": [
            "{partner} için ortaklar aranmaktadır.",
            "{term2} konusunda deneyimli araştırma kuruluşları ve KOBİ'ler davet edilmektedir.",
        ],
        "free": [
            "{w1} ve {w2} konusunda deneyim avantajdır.",
            "Sistem {w1}, {w2} ve {w3} ile test edilmiştir.",
            "Anahtar kelimeler: {w1}, {w2}, {w3}, {w4}.",
            "İlgili alanlar: {w1}, {w2} ve {w3} {w4}.",
            "{w1} {w2} ile uyumlu hale getirilebilir.",
            "İleride {w1} ve {w2} {w3} yönünde geliştirme planlanmaktadır.",
            "Ek seçenekler: {w1}, {w2} {w3} ve {w4}.",
            "Çözüm {w1} {w2} ve {w3} gereksinimlerini karşılamaktadır.",
        ],
        "detail": [
            "{brand} sistemi hakkında ek bilgi talep üzerine sağlanabilir.",
            "Ekipte {staff} mühendis ve araştırmacı bulunmaktadır.",
            "Sonuçlar {year} yılında {city} şehrinde düzenlenen bir konferansta sunulmuştur.",
            "{rare} modülü ayrıca da tedarik edilebilir.",
            "Bu yaklaşım atıkları da {pct} azaltmaktadır.",
            "{country} genelindeki referans müşteriler ziyaret edilebilir.",
        ],
    },
}

# Free-text searches people type (the search box), besides bare domain terms.
QUERY_FRAMES: dict[str, list[str]] = {
    "en": ["{term}", "{term} {use}", "{term} for {use}", "{gain} {term}", "{term} partner"],
    "az": ["{term}", "{use} üçün {term}", "{term} {use}", "{term} tərəfdaş", "{gain} {term}"],
    "tr": ["{term}", "{use} için {term}", "{term} {use}", "{term} ortak", "{gain} {term}"],
}
