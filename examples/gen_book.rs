//! Writes a synthetic question book for benchmarks: the seed's shape (5 levels, 26
//! sections, 2 follow-ups per question, ~10% answers with a Python code block, tags) with
//! Russian inflected words and English technical terms, so that search sizes and timings
//! are meaningful. Deterministic: the same arguments give the same book.
//!
//! ```text
//! cargo run --release --example gen_book -- --questions 10000 --out /tmp/book-10k
//! ```

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

/// Sections per level, as in the shipped book (26 in all).
const SECTIONS: [usize; 5] = [5, 5, 6, 5, 5];
const LEVELS: [&str; 5] = [
    "Основы Python",
    "ООП и паттерны проектирования",
    "Веб-разработка и API",
    "Базы данных и обработка данных",
    "Продвинутые темы",
];
const SECTION_TITLES: &str = "Базовые концепции|Структуры данных и типы|Функции и области видимости|Генераторы и итераторы|Исключения и контекстные менеджеры|Принципы ООП|Магические методы|Паттерны проектирования|Продвинутые концепции ООП|Копирование и память|Веб-фреймворки|Безопасность|Производительность веб-приложений|Документация API|Версионирование и лимиты|Реляционные базы данных|NoSQL базы данных|Обработка данных|Поиск и масштабирование|Архитектура данных|Мониторинг|Асинхронное программирование|Тестирование|Развертывание и DevOps|Оптимизация производительности|Архитектура систем";
/// English technical terms (tokens that readers search for verbatim).
const TERMS: &str = "GIL asyncio threading multiprocessing decorator generator iterator coroutine closure lambda dict list tuple set frozenset defaultdict OrderedDict Counter deque namedtuple dataclass enum typing Protocol Generic TypeVar Union Optional Callable Iterable Mapping pydantic marshmallow Django Flask FastAPI Starlette SQLAlchemy Alembic Celery Redis RabbitMQ Kafka PostgreSQL MySQL SQLite MongoDB Elasticsearch ClickHouse Docker Kubernetes Helm nginx gunicorn uvicorn WSGI ASGI REST GraphQL gRPC WebSocket OAuth JWT CORS CSRF XSS HTTPS TLS pytest unittest mock Hypothesis tox nox coverage mypy ruff black isort Poetry pip virtualenv PyPy Cython NumPy pandas Polars Dask Spark Airflow ETL CQRS DDD SOLID MRO ORM ACID BASE CAP JSON YAML TOML CSV Parquet Avro protobuf logging tracing Prometheus Grafana Sentry OpenTelemetry middleware serializer viewset queryset migration index transaction savepoint deadlock cursor pool cache session cookie token metaclass descriptor property staticmethod classmethod slots weakref contextmanager ExitStack itertools functools operator collections heapq bisect array memoryview bytes bytearray struct pickle shelve sqlite3 subprocess signal selectors socket ssl http urllib requests httpx aiohttp websockets trio anyio uvloop orjson ujson msgpack zstd lz4 pathlib shutil tempfile glob fnmatch argparse click typer rich textual structlog loguru";
const IDENT_PARTS: &str = "user order item cart payment invoice account session token cache queue task job worker event message stream batch record row column table index schema model view form field route handler request response client server proxy pool lock thread process loop future result error retry timeout limit rate window bucket page cursor offset filter sort group join merge split parse render encode decode hash sign verify load dump read write open close start stop run wait send recv fetch store commit rollback flush sync async";
/// Russian nouns as (nominative, genitive, instrumental, prepositional plural) forms.
const NOUNS: &str = "генератор генератора генераторами генераторах|итератор итератора итераторами итераторах|декоратор декоратора декораторами декораторах|транзакция транзакции транзакциями транзакциях|соединение соединения соединениями соединениях|запрос запроса запросами запросах|исключение исключения исключениями исключениях|поток потока потоками потоках|процесс процесса процессами процессах|память памяти памятью памяти|словарь словаря словарями словарях|список списка списками списках|кортеж кортежа кортежами кортежах|множество множества множествами множествах|объект объекта объектами объектах|класс класса классами классах|метод метода методами методах|функция функции функциями функциях|модуль модуля модулями модулях|пакет пакета пакетами пакетах|тест теста тестами тестах|фикстура фикстуры фикстурами фикстурах|миграция миграции миграциями миграциях|индекс индекса индексами индексах|таблица таблицы таблицами таблицах|схема схемы схемами схемах|очередь очереди очередями очередях|задача задачи задачами задачах|сервис сервиса сервисами сервисах|микросервис микросервиса микросервисами микросервисах|кэш кэша кэшами кэшах|сессия сессии сессиями сессиях|токен токена токенами токенах|пароль пароля паролями паролях|ключ ключа ключами ключах|сериализатор сериализатора сериализаторами сериализаторах|валидация валидации валидацией валидациях|блокировка блокировки блокировками блокировках|корутина корутины корутинами корутинах|событие события событиями событиях|сообщение сообщения сообщениями сообщениях|архитектура архитектуры архитектурой архитектурах|паттерн паттерна паттернами паттернах|наследование наследования наследованием наследованиях|композиция композиции композицией композициях|дескриптор дескриптора дескрипторами дескрипторах|метакласс метакласса метаклассами метаклассах|замыкание замыкания замыканиями замыканиях|профилирование профилирования профилированием профилированиях|оптимизация оптимизации оптимизацией оптимизациях|производительность производительности производительностью производительности|масштабирование масштабирования масштабированием масштабированиях|репликация репликации репликацией репликациях|шардирование шардирования шардированием шардированиях|логирование логирования логированием логированиях|мониторинг мониторинга мониторингом мониторингах|развертывание развертывания развертыванием развертываниях|контейнер контейнера контейнерами контейнерах|зависимость зависимости зависимостями зависимостях|конфигурация конфигурации конфигурацией конфигурациях|аутентификация аутентификации аутентификацией аутентификациях|авторизация авторизации авторизацией авторизациях|пагинация пагинации пагинацией пагинациях|сериализация сериализации сериализацией сериализациях|интерпретатор интерпретатора интерпретатором интерпретаторах|сборщик сборщика сборщиком сборщиках|ссылка ссылки ссылками ссылках|строка строки строками строках|число числа числами числах|файл файла файлами файлах|ошибка ошибки ошибками ошибках|ответ ответа ответами ответах|клиент клиента клиентами клиентах|сервер сервера серверами серверах|пул пула пулами пулах|курсор курсора курсорами курсорах|агрегат агрегата агрегатами агрегатах|репозиторий репозитория репозиториями репозиториях|протокол протокола протоколами протоколах|интерфейс интерфейса интерфейсами интерфейсах|атрибут атрибута атрибутами атрибутах|свойство свойства свойствами свойствах|аннотация аннотации аннотациями аннотациях|тип типа типами типах";
const VERBS: &str = "использовать|оптимизировать|обрабатывать|тестировать|кэшировать|реализовать|настроить|отлаживать|профилировать|масштабировать|валидировать|сериализовать|логировать|мониторить|защитить|ускорить|упростить|организовать|избежать|проектировать";
const ADJECTIVES: &str = "асинхронный асинхронные асинхронных|распределенный распределенные распределенных|большой большие больших|вложенный вложенные вложенных|собственный собственные собственных|безопасный безопасные безопасных|неизменяемый неизменяемые неизменяемых|многопоточный многопоточные многопоточных";
const TAGS: &str = "concurrency data internals oop patterns web api security performance databases sql nosql testing devops async typing memory architecture";

/// What to write.
struct Options {
    questions: usize,
    out: PathBuf,
}

/// A splitmix64 generator: deterministic and dependency-free.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// The word lists, split once.
struct Vocabulary {
    terms: Vec<&'static str>,
    parts: Vec<&'static str>,
    nouns: Vec<Vec<&'static str>>,
    verbs: Vec<&'static str>,
    adjectives: Vec<Vec<&'static str>>,
    tags: Vec<&'static str>,
}

impl Vocabulary {
    fn new() -> Self {
        let forms = |s: &'static str| s.split('|').map(|f| f.split(' ').collect()).collect();
        Vocabulary {
            terms: TERMS.split(' ').collect(),
            parts: IDENT_PARTS.split(' ').collect(),
            nouns: forms(NOUNS),
            verbs: VERBS.split('|').collect(),
            adjectives: forms(ADJECTIVES),
            tags: TAGS.split(' ').collect(),
        }
    }

    /// A noun in form `case` (0 nominative, 1 genitive, 2 instrumental, 3 prepositional).
    fn noun(&self, rng: &mut Rng, case: usize) -> &'static str {
        self.nouns[rng.below(self.nouns.len())][case]
    }

    /// An adjective and noun in the plural (0 nominative, 1 genitive).
    fn phrase(&self, rng: &mut Rng, case: usize) -> String {
        let adj = &self.adjectives[rng.below(self.adjectives.len())];
        let noun = self.noun(rng, if case == 0 { 0 } else { 1 });
        format!("{} {noun}", adj[1 + case.min(1)])
    }

    /// A technical term, sometimes a code identifier made for this question.
    fn term(&self, rng: &mut Rng) -> String {
        match rng.below(10) {
            0..=5 => rng.pick(&self.terms).to_string(),
            6 | 7 => format!("`{}_{}`", rng.pick(&self.parts), rng.pick(&self.parts)),
            8 => format!("`{}.{}()`", rng.pick(&self.parts), rng.pick(&self.parts)),
            _ => [
                "`__slots__`",
                "N+1",
                "`str | None`",
                "async/await",
                "`select_related`",
                "Python 3.10+",
                "`__init__`",
                "`**kwargs`",
            ][rng.below(8)]
            .to_string(),
        }
    }
}

/// One question's title.
fn title(v: &Vocabulary, rng: &mut Rng) -> String {
    let (t1, t2) = (v.term(rng), v.term(rng));
    match rng.below(8) {
        0 => format!(
            "Что такое {t1} и как {} {}?",
            rng.pick(&v.verbs),
            v.noun(rng, 0)
        ),
        1 => format!("Объясните работу {} в {t1}", v.noun(rng, 1)),
        2 => format!(
            "Как {} {} с помощью {t1}?",
            rng.pick(&v.verbs),
            v.phrase(rng, 0)
        ),
        3 => format!("В чем разница между {t1} и {t2}?"),
        4 => format!(
            "Когда использовать {t1} вместо {t2} для {}?",
            v.noun(rng, 1)
        ),
        5 => format!(
            "Как {t1} влияет на производительность {}?",
            v.phrase(rng, 1)
        ),
        6 => format!("Приведите пример работы с {} в {t1}", v.noun(rng, 2)),
        _ => format!("Какие проблемы возникают при {} в {t1}?", v.noun(rng, 3)),
    }
}

/// One follow-up question.
fn follow_up(v: &Vocabulary, rng: &mut Rng) -> String {
    let t = v.term(rng);
    match rng.below(5) {
        0 => format!("Как {} {} в {t}?", rng.pick(&v.verbs), v.noun(rng, 0)),
        1 => format!("{t} vs {}: когда что выбрать?", v.term(rng)),
        2 => format!(
            "Какие ограничения у {} при работе с {}?",
            v.noun(rng, 1),
            v.noun(rng, 2)
        ),
        3 => format!("Практические примеры {t} в {}", v.noun(rng, 3)),
        _ => format!("Как избежать ошибок с {} и {t}?", v.noun(rng, 2)),
    }
}

/// An answer: a paragraph and a Python code block.
fn answer(v: &Vocabulary, rng: &mut Rng) -> String {
    let (a, b) = (rng.pick(&v.parts), rng.pick(&v.parts));
    format!(
        "{} {} помогает {} {}. Используйте {} только там, где это оправдано.\n\n```python\ndef {a}_{b}({a}: dict) -> list:\n    return [x for x in {a}.values() if x.{b}]\n```\n",
        v.term(rng).replace('`', ""),
        v.noun(rng, 0),
        rng.pick(&v.verbs),
        v.phrase(rng, 0),
        v.noun(rng, 2),
    )
}

/// A YAML double-quoted string.
fn yaml(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The Markdown file of question `n`.
fn question_file(v: &Vocabulary, rng: &mut Rng) -> String {
    let mut out = format!("---\ntitle: {}\nfollow_ups:\n", yaml(&title(v, rng)));
    for _ in 0..2 {
        let _ = writeln!(out, "  - {}", yaml(&follow_up(v, rng)));
    }
    if rng.chance(70) {
        let mut tags = vec![rng.pick(&v.tags)];
        if rng.chance(40) {
            tags.push(rng.pick(&v.tags));
        }
        tags.dedup();
        let _ = writeln!(out, "tags: [{}]", tags.join(", "));
    }
    out.push_str("---\n");
    if rng.chance(10) {
        out.push('\n');
        out.push_str(&answer(v, rng));
    }
    out
}

fn write(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    fs::write(path, text)
}

/// Writes site.toml, the intro, sources and every level, section and question.
fn generate(opts: &Options) -> std::io::Result<()> {
    let v = Vocabulary::new();
    let mut rng = Rng(0x5EED_2025);
    let content = opts.out.join("content");
    write(&opts.out.join("site.toml"), &format!("title = \"Synthetic book ({} questions)\"\nlanguage = \"ru\"\nbase_url = \"https://example.org/\"\n", opts.questions))?;
    write(&content.join("_index.md"), "---\ntitle: \"Synthetic book\"\ndescription: \"Generated by examples/gen_book.rs for benchmarks.\"\n---\n\nGenerated questions.\n")?;
    write(
        &content.join("sources.yaml"),
        "- id: \"1\"\n  url: \"https://docs.python.org/3/\"\n",
    )?;
    let titles: Vec<&str> = SECTION_TITLES.split('|').collect();
    let total_sections: usize = SECTIONS.iter().sum();
    let (mut section_no, mut made) = (0, 0);
    for (li, count) in SECTIONS.iter().enumerate() {
        let level = content.join(format!("{:02}-level-{}", li + 1, li + 1));
        write(
            &level.join("_level.md"),
            &format!(
                "---\ntitle: {}\n---\n",
                yaml(&format!("Уровень {}: {}", li + 1, LEVELS[li]))
            ),
        )?;
        for si in 0..*count {
            let dir = level.join(format!("{:02}-section-{}", si + 1, section_no + 1));
            write(
                &dir.join("_section.md"),
                &format!("---\ntitle: {}\n---\n", yaml(titles[section_no])),
            )?;
            section_no += 1;
            let quota = opts.questions * section_no / total_sections - made;
            for _ in 0..quota {
                made += 1;
                let file = dir.join(format!("{:06}-q{made:05}.md", made * 10));
                write(&file, &question_file(&v, &mut rng))?;
            }
        }
    }
    Ok(())
}

fn parse_args() -> Result<Options, String> {
    let mut args = std::env::args().skip(1);
    let (mut questions, mut out) = (130, None);
    while let Some(arg) = args.next() {
        let value = args.next().ok_or(format!("{arg} needs a value"))?;
        match arg.as_str() {
            "--questions" => {
                questions = value
                    .parse()
                    .map_err(|_| format!("--questions: not a number: {value}"))?
            }
            "--out" => out = Some(PathBuf::from(value)),
            _ => return Err(format!("unknown argument {arg}")),
        }
    }
    let out = out.ok_or("--out DIR is required")?;
    Ok(Options { questions, out })
}

fn main() {
    let opts = match parse_args() {
        Ok(opts) => opts,
        Err(msg) => {
            eprintln!("gen_book: {msg}\nusage: gen_book --questions N --out DIR");
            std::process::exit(2);
        }
    };
    if let Err(err) = generate(&opts) {
        eprintln!("gen_book: cannot write {}: {err}", opts.out.display());
        std::process::exit(1);
    }
    println!(
        "wrote {} questions into {}",
        opts.questions,
        opts.out.display()
    );
}
