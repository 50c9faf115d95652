#include "console/dialogs/importdialog.h"

#include "core/model/dnsrecord.h"
#include "core/ops/dnsops.h"
#include "core/ops/domainops.h"
#include "core/ops/ispman1import.h"
#include "core/ops/usercsv.h"
#include "core/ops/zonefile.h"
#include "core/validation/dnsrecordtype.h"

#include <algorithm>

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QStackedWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace Isp::Console {

using namespace Isp::Core;

namespace {

constexpr qsizetype MaxZoneFileBytes = qsizetype(64) * 1024 * 1024; // as `ispman dns import`
constexpr qsizetype MaxLdifBytes = qsizetype(512) * 1024 * 1024;

// addMany names the refused row: "row 12: user: ...". Returns the index (0-based) and the rest.
std::optional<std::pair<qsizetype, QString>> refusedRow(const QString &message)
{
    static const QRegularExpression row(QStringLiteral("^row (\\d+): (.*)$"),
                                        QRegularExpression::DotMatchesEverythingOption);
    const auto m = row.match(message);
    if (!m.hasMatch())
        return std::nullopt;
    return std::pair{m.captured(1).toLongLong() - 1, m.captured(2)};
}

QString addressOf(const UserOps::UserSpec &u)
{
    return u.localPart + QLatin1Char('@') + u.domain;
}

// The preview's check of CSV rows, on the worker. Each row gets exactly the checks core makes
// before it writes (UserOps::addMany: the domain and the right to add to it, every value,
// placement on a mail and a file host), without writing: addMany is all-or-nothing and refuses a
// batch before writing anything when one row is invalid, so every batch ends with a row that is
// always invalid. The refused row is reported, the rows before it passed, and the rest is checked
// again. Addresses already in the directory are looked up as well (addMany checks those after
// the rows, so the sentinel stops it before).
OpResult<QStringList> checkUserRows(DirectorySession &s, const QList<UserOps::UserSpec> &rows)
{
    QStringList problems(rows.size());
    QHash<QString, qsizetype> seen;
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const QString key = addressOf(rows.at(i)).toLower();
        if (seen.contains(key))
            problems[i] = ImportDialog::tr("user: %1 is also row %2").arg(addressOf(rows.at(i))).arg(seen.value(key) + 1);
        else
            seen.insert(key, i);
    }
    QList<qsizetype> pending;
    for (qsizetype i = 0; i < rows.size(); ++i) {
        if (problems.at(i).isEmpty())
            pending << i;
    }
    while (!pending.isEmpty()) {
        QList<UserOps::UserSpec> batch;
        batch.reserve(pending.size() + 1);
        for (qsizetype i : std::as_const(pending))
            batch << rows.at(i);
        UserOps::UserSpec sentinel;
        sentinel.domain = batch.last().domain; // a domain already checked: refused for its name alone
        sentinel.localPart = QStringLiteral("-"); // must start with a letter or digit
        batch << sentinel;
        auto r = UserOps::addMany(s, batch);
        if (r.ok()) // impossible by the rule above; never claim a preview wrote nothing when it did
            return OpError::conflict(QStringLiteral("file"), ImportDialog::tr("the preview check was accepted by the directory"));
        const auto refused = refusedRow(r.error().message);
        if (!refused)
            return r.error();
        const qsizetype at = refused->first;
        if (at < 0 || at >= pending.size())
            break; // the sentinel: every remaining row passed
        problems[pending.at(at)] = refused->second;
        pending = pending.mid(at + 1);
    }
    for (qsizetype i = 0; i < rows.size(); ++i) {
        if (!problems.at(i).isEmpty())
            continue;
        auto existing = UserOps::show(s, addressOf(rows.at(i)));
        if (existing.ok())
            problems[i] = ImportDialog::tr("user: %1 already exists").arg(existing->address);
    }
    // Account limits (addMany checks them after the rows too): the rows that do not fit are
    // the last ones of their domain, as a chunked import would meet them.
    QMap<QString, QList<qsizetype>> byDomain;
    for (qsizetype i = 0; i < rows.size(); ++i) {
        if (problems.at(i).isEmpty())
            byDomain[rows.at(i).domain.toLower()] << i;
    }
    for (auto it = byDomain.cbegin(); it != byDomain.cend(); ++it) {
        auto info = DomainOps::show(s, it.key());
        if (!info.ok() || info->domain.maxAccounts < 0)
            continue;
        const qsizetype room = std::max<qsizetype>(0, info->domain.maxAccounts - info->users);
        for (qsizetype k = room; k < it->size(); ++k)
            problems[it->at(k)] = ImportDialog::tr("domain: %1 has %2 of at most %3 accounts; this row does not fit")
                                      .arg(info->domain.name)
                                      .arg(info->users)
                                      .arg(info->domain.maxAccounts);
    }
    return problems;
}

QString guessZone(const QString &text)
{
    static const QRegularExpression origin(QStringLiteral("^\\$ORIGIN\\s+(\\S+?)\\.?\\s*$"),
                                           QRegularExpression::MultilineOption | QRegularExpression::CaseInsensitiveOption);
    const auto m = origin.match(text);
    return m.hasMatch() ? m.captured(1).toLower() : QString();
}

} // namespace

ImportDialog::ImportDialog(const ConsoleContext &context, QWidget *parent) : QDialog(parent), m_context(context)
{
    setWindowTitle(tr("Import"));
    resize(760, 520);
    auto *layout = new QVBoxLayout(this);
    m_pages = new QStackedWidget(this);
    layout->addWidget(m_pages, 1);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("message"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_message);

    // 1. Choose.
    auto *choose = new QWidget(m_pages);
    auto *form = new QFormLayout(choose);
    m_kind = new QComboBox(choose);
    m_kind->setObjectName(QStringLiteral("kind"));
    m_kind->addItem(tr("Users from a CSV file"), int(Kind::UserCsv));
    m_kind->addItem(tr("DNS records from a zone file"), int(Kind::ZoneFile));
    m_kind->addItem(tr("An ISPMan 1.x directory (LDIF export)"), int(Kind::Ispman1Ldif));
    m_file = new QLineEdit(choose);
    m_file->setObjectName(QStringLiteral("file"));
    auto *browse = new QPushButton(tr("Browse…"), choose);
    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(m_file, 1);
    fileRow->addWidget(browse);
    m_zone = new QLineEdit(choose);
    m_zone->setObjectName(QStringLiteral("zone"));
    m_zone->setPlaceholderText(tr("from the file's $ORIGIN"));
    m_zoneLabel = new QLabel(tr("Zone:"), choose);
    m_replace = new QCheckBox(tr("Replace the zone with the file (records, SOA fields and TTL)"), choose);
    m_replace->setObjectName(QStringLiteral("replace"));
    m_previewButton = new QPushButton(tr("Preview"), choose);
    m_previewButton->setObjectName(QStringLiteral("previewButton"));
    form->addRow(tr("Import:"), m_kind);
    form->addRow(tr("File:"), fileRow);
    form->addRow(m_zoneLabel, m_zone);
    form->addRow(QString(), m_replace);
    form->addRow(QString(), m_previewButton);
    m_pages->addWidget(choose);

    // 2. Preview.
    auto *previewPage = new QWidget(m_pages);
    auto *pv = new QVBoxLayout(previewPage);
    m_previewSummary = new QLabel(previewPage);
    m_previewSummary->setObjectName(QStringLiteral("previewSummary"));
    m_previewSummary->setWordWrap(true);
    m_table = new QTableWidget(previewPage);
    m_table->setObjectName(QStringLiteral("preview"));
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setStretchLastSection(true);
    auto *pvButtons = new QHBoxLayout;
    auto *back = new QPushButton(tr("Back"), previewPage);
    m_importButton = new QPushButton(tr("Import"), previewPage);
    m_importButton->setObjectName(QStringLiteral("importButton"));
    pvButtons->addWidget(back);
    pvButtons->addStretch(1);
    pvButtons->addWidget(m_importButton);
    pv->addWidget(m_previewSummary);
    pv->addWidget(m_table, 1);
    pv->addLayout(pvButtons);
    m_pages->addWidget(previewPage);

    // 3. Importing.
    auto *running = new QWidget(m_pages);
    auto *rv = new QVBoxLayout(running);
    m_progressText = new QLabel(running);
    m_progressText->setObjectName(QStringLiteral("progressText"));
    m_progress = new QProgressBar(running);
    m_progress->setObjectName(QStringLiteral("progress"));
    m_cancelButton = new QPushButton(tr("Cancel"), running);
    m_cancelButton->setObjectName(QStringLiteral("cancelImport"));
    rv->addStretch(1);
    rv->addWidget(m_progressText);
    rv->addWidget(m_progress);
    rv->addWidget(m_cancelButton, 0, Qt::AlignRight);
    rv->addStretch(1);
    m_pages->addWidget(running);

    // 4. Summary.
    m_summary = new QPlainTextEdit(m_pages);
    m_summary->setObjectName(QStringLiteral("summary"));
    m_summary->setReadOnly(true);
    m_pages->addWidget(m_summary);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::rejected, this, [this] {
        // Closing while a chunk runs: stop after it (the chunk itself is all or nothing).
        if (m_step == Step::Importing)
            cancelImport();
        else
            reject();
    });
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString filter = kind() == Kind::UserCsv ? tr("CSV files (*.csv);;All files (*)")
            : kind() == Kind::ZoneFile                 ? tr("Zone files (*.zone *.db *.txt);;All files (*)")
                                                       : tr("LDIF files (*.ldif);;All files (*)");
        const QString file = QFileDialog::getOpenFileName(this, tr("File to import"), m_file->text(), filter);
        if (!file.isEmpty())
            m_file->setText(file);
    });
    connect(m_kind, &QComboBox::currentIndexChanged, this, &ImportDialog::kindChanged);
    connect(m_previewButton, &QPushButton::clicked, this, &ImportDialog::preview);
    connect(back, &QPushButton::clicked, this, [this] { setStep(Step::Choose); });
    connect(m_importButton, &QPushButton::clicked, this, &ImportDialog::startImport);
    connect(m_cancelButton, &QPushButton::clicked, this, &ImportDialog::cancelImport);
    kindChanged();
}

ImportDialog::Kind ImportDialog::kind() const
{
    return Kind(m_kind->currentData().toInt());
}

void ImportDialog::setKind(Kind kind)
{
    m_kind->setCurrentIndex(m_kind->findData(int(kind)));
}

void ImportDialog::setFile(const QString &path)
{
    m_file->setText(path);
}

void ImportDialog::setZone(const QString &zone)
{
    m_zone->setText(zone);
}

void ImportDialog::setReplaceZone(bool replace)
{
    m_replace->setChecked(replace);
}

void ImportDialog::setChunkSize(int rows)
{
    m_chunkSize = std::max(1, rows);
}

void ImportDialog::kindChanged()
{
    const bool zone = kind() == Kind::ZoneFile;
    m_zone->setVisible(zone);
    m_zoneLabel->setVisible(zone);
    m_replace->setVisible(zone);
    m_message->clear();
}

void ImportDialog::setStep(Step step)
{
    m_step = step;
    m_pages->setCurrentIndex(int(step));
    m_previewButton->setEnabled(step == Step::Choose);
}

void ImportDialog::showError(const QString &message)
{
    m_message->setText(message);
    m_previewButton->setEnabled(true);
}

std::optional<QByteArray> ImportDialog::readFile(qsizetype maxBytes)
{
    QFile f(m_file->text().trimmed());
    if (m_file->text().trimmed().isEmpty()) {
        showError(tr("Choose the file to import."));
        return std::nullopt;
    }
    if (!f.open(QIODevice::ReadOnly)) {
        showError(tr("Cannot read %1: %2").arg(f.fileName(), f.errorString()));
        return std::nullopt;
    }
    if (f.size() > maxBytes) {
        showError(tr("%1 is larger than %2 MB, more than an import takes at once.").arg(f.fileName()).arg(maxBytes >> 20));
        return std::nullopt;
    }
    return f.readAll();
}

void ImportDialog::preview()
{
    m_message->clear();
    m_problems.clear();
    m_outcome = Outcome{};
    const qsizetype limit = kind() == Kind::UserCsv ? MaxUserCsvBytes : kind() == Kind::ZoneFile ? MaxZoneFileBytes : MaxLdifBytes;
    const auto bytes = readFile(limit);
    if (!bytes)
        return;
    m_previewButton->setEnabled(false);
    m_message->setText(tr("Reading %1…").arg(QFileInfo(m_file->text()).fileName()));
    switch (kind()) {
    case Kind::UserCsv:
        previewUsers(*bytes);
        break;
    case Kind::ZoneFile:
        previewZone(*bytes);
        break;
    case Kind::Ispman1Ldif:
        previewLdif(*bytes);
        break;
    }
}

void ImportDialog::fillTable(const QStringList &headers, const QList<QStringList> &rows, int problemColumn)
{
    m_table->clear();
    m_table->setColumnCount(int(headers.size()));
    m_table->setHorizontalHeaderLabels(headers);
    m_table->setRowCount(int(rows.size()));
    for (int r = 0; r < rows.size(); ++r) {
        const bool problem = problemColumn >= 0 && !rows.at(r).value(problemColumn).isEmpty();
        for (int c = 0; c < rows.at(r).size(); ++c) {
            auto *item = new QTableWidgetItem(rows.at(r).at(c));
            if (problem)
                item->setForeground(palette().color(QPalette::Disabled, QPalette::Text));
            if (problem && c == problemColumn)
                item->setForeground(Qt::red);
            m_table->setItem(r, c, item);
        }
    }
    m_table->resizeColumnsToContents();
    m_table->horizontalHeader()->setStretchLastSection(true);
}

void ImportDialog::previewUsers(const QByteArray &bytes)
{
    auto parsed = parseUserCsv(bytes);
    if (!parsed.ok()) {
        showError(parsed.error().message);
        return;
    }
    m_users = *parsed;
    const QList<UserOps::UserSpec> rows = m_users;
    m_context.backend->run<QStringList>(
        this, [rows](DirectorySession &s) { return checkUserRows(s, rows); },
        [this](OpResult<QStringList> r) {
            if (!r.ok()) {
                showError(tr("The rows could not be checked: %1").arg(r.error().message));
                return;
            }
            m_problems = *r;
            QList<QStringList> table;
            int bad = 0;
            for (qsizetype i = 0; i < m_users.size(); ++i) {
                const auto &u = m_users.at(i);
                bad += m_problems.at(i).isEmpty() ? 0 : 1;
                table << QStringList{QString::number(i + 1), addressOf(u),
                                     QStringList{u.givenName, u.surname}.join(QLatin1Char(' ')).trimmed(),
                                     u.mailbox ? (u.mailHost.isEmpty() ? tr("yes") : u.mailHost) : tr("forward only"),
                                     m_problems.at(i)};
            }
            fillTable({tr("Row"), tr("Address"), tr("Name"), tr("Mailbox"), tr("Problem")}, table, 4);
            m_previewSummary->setText(bad == 0 ? tr("%n user(s) to add. Nothing has been written yet.", nullptr, int(m_users.size()))
                                               : tr("%1 of %2 users can be added; %3 row(s) have a problem and will be "
                                                    "left out. Nothing has been written yet.")
                                                     .arg(m_users.size() - bad)
                                                     .arg(m_users.size())
                                                     .arg(bad));
            m_importButton->setEnabled(bad < m_users.size());
            m_message->clear();
            setStep(Step::Preview);
            Q_EMIT previewReady();
        },
        Backend::Wait::No);
}

void ImportDialog::previewZone(const QByteArray &bytes)
{
    m_zoneText = QString::fromUtf8(bytes);
    m_zoneName = m_zone->text().trimmed().toLower();
    if (m_zoneName.endsWith(QLatin1Char('.')))
        m_zoneName.chop(1);
    if (m_zoneName.isEmpty())
        m_zoneName = guessZone(m_zoneText);
    if (m_zoneName.isEmpty()) {
        showError(tr("Name the zone to load into (the file has no $ORIGIN)."));
        return;
    }
    m_zone->setText(m_zoneName);
    auto parsed = parseZone(m_zoneName, m_zoneText);
    if (!parsed.ok()) {
        showError(parsed.error().message);
        return;
    }
    const QString zone = m_zoneName;
    const bool replace = m_replace->isChecked();
    const DnsZone file = *parsed;
    m_context.backend->run<DnsZone>(
        this, [zone](DirectorySession &s) { return DnsOps::showZone(s, zone); },
        [this, file, replace](OpResult<DnsZone> current) {
            if (!current.ok()) {
                showError(current.error().message);
                return;
            }
            QList<QStringList> table;
            int adding = 0;
            const auto has = [](const QList<DnsRecord> &list, const DnsRecord &r) {
                return std::any_of(list.cbegin(), list.cend(), [&](const DnsRecord &o) {
                    return o.name == r.name && o.type == r.type && o.value == r.value;
                });
            };
            for (const DnsRecord &r : file.records) {
                const bool there = has(current->records, r);
                adding += there ? 0 : 1;
                table << QStringList{r.name, dnsRecordTypeName(r.type), r.ttl ? QString::number(*r.ttl) : QString(), r.value,
                                     there ? tr("already in the zone") : tr("add")};
            }
            int removing = 0;
            if (replace) {
                for (const DnsRecord &r : current->records) {
                    if (has(file.records, r))
                        continue;
                    ++removing;
                    table << QStringList{r.name, dnsRecordTypeName(r.type), r.ttl ? QString::number(*r.ttl) : QString(),
                                         r.value, tr("remove")};
                }
            }
            m_outcome.total = int(file.records.size());
            fillTable({tr("Name"), tr("Type"), tr("TTL"), tr("Value"), tr("Plan")}, table, -1);
            m_previewSummary->setText(tr("%1: %2 record(s) to add, %3 to remove. The zone is changed in one step, all "
                                         "of it or nothing. Nothing has been written yet.")
                                          .arg(m_zoneName)
                                          .arg(adding)
                                          .arg(removing));
            m_importButton->setEnabled(true);
            m_message->clear();
            setStep(Step::Preview);
            Q_EMIT previewReady();
        },
        Backend::Wait::No);
}

void ImportDialog::previewLdif(const QByteArray &bytes)
{
    m_ldif = bytes;
    m_context.backend->run<Ispman1Import::Report>(
        this,
        [bytes](DirectorySession &s) {
            Ispman1Import::Options o;
            o.dryRun = true;
            return Ispman1Import::run(s, bytes, o);
        },
        [this](OpResult<Ispman1Import::Report> r) {
            if (!r.ok()) {
                showError(r.error().message);
                return;
            }
            QList<QStringList> table;
            const auto add = [&](const QList<Ispman1Import::Item> &items, const QString &plan) {
                for (const auto &i : items)
                    table << QStringList{i.kind, i.name.isEmpty() ? i.dn : i.name, plan,
                                         i.attribute.isEmpty() ? i.reason : i.attribute + QStringLiteral(": ") + i.reason};
            };
            add(r->createdItems, tr("create"));
            add(r->skipped, tr("exists: skipped"));
            add(r->unmapped, tr("not carried over"));
            add(r->failed, tr("refused"));
            m_outcome.total = int(r->createdItems.size());
            fillTable({tr("Kind"), tr("Object"), tr("Plan"), tr("Reason")}, table, -1);
            m_previewSummary->setText(tr("From %1: %2 object(s) to create, %3 already there, %4 not carried over, %5 "
                                         "refused. Nothing has been written yet.")
                                          .arg(r->sourceBase)
                                          .arg(r->createdItems.size())
                                          .arg(r->skipped.size())
                                          .arg(r->unmapped.size())
                                          .arg(r->failed.size()));
            m_importButton->setEnabled(!r->createdItems.isEmpty());
            m_message->clear();
            setStep(Step::Preview);
            Q_EMIT previewReady();
        },
        Backend::Wait::No);
}

void ImportDialog::startImport()
{
    if (m_step != Step::Preview)
        return;
    m_cancelRequested = false;
    const int total = m_outcome.total;
    m_outcome = Outcome{};
    m_outcome.total = total;
    setStep(Step::Importing);
    switch (kind()) {
    case Kind::UserCsv: {
        m_outcome.total = int(m_users.size());
        m_todo.clear();
        for (qsizetype i = 0; i < m_users.size(); ++i) {
            if (m_problems.value(i).isEmpty())
                m_todo << i;
            else
                m_outcome.notImported << std::pair{addressOf(m_users.at(i)), m_problems.at(i)};
        }
        m_next = 0;
        m_progress->setRange(0, int(m_todo.size()));
        m_progress->setValue(0);
        m_cancelButton->setEnabled(true);
        importNextUserChunk();
        break;
    }
    case Kind::ZoneFile:
        importZone();
        break;
    case Kind::Ispman1Ldif:
        importLdif();
        break;
    }
}

void ImportDialog::cancelImport()
{
    if (m_step != Step::Importing)
        return;
    m_cancelRequested = true;
    m_cancelButton->setEnabled(false);
    m_progressText->setText(tr("Stopping after the current chunk…"));
}

void ImportDialog::importNextUserChunk()
{
    if (m_cancelRequested || m_next >= m_todo.size()) {
        if (m_cancelRequested) {
            m_outcome.cancelled = true;
            for (qsizetype i = m_next; i < m_todo.size(); ++i)
                m_outcome.notImported << std::pair{addressOf(m_users.at(m_todo.at(i))), tr("not imported: cancelled")};
        }
        finish();
        return;
    }
    const QList<qsizetype> chunk = m_todo.mid(m_next, m_chunkSize);
    QList<UserOps::UserSpec> specs;
    for (qsizetype i : chunk)
        specs << m_users.at(i);
    m_progressText->setText(tr("Adding users %1–%2 of %3…").arg(m_next + 1).arg(m_next + chunk.size()).arg(m_todo.size()));
    m_context.backend->run<QList<MailUser>>(
        this, [specs](DirectorySession &s) { return UserOps::addMany(s, specs); },
        [this, chunk](OpResult<QList<MailUser>> r) {
            if (r.ok()) {
                for (const MailUser &u : std::as_const(*r))
                    m_outcome.imported << u.address;
                m_next += chunk.size();
            } else if (const auto refused = refusedRow(r.error().message);
                       refused && refused->first >= 0 && refused->first < chunk.size()) {
                // The chunk was refused as a whole for one row (e.g. someone took the address
                // since the preview): that row is left out and the rest of the chunk goes again.
                const qsizetype row = chunk.at(refused->first);
                m_outcome.notImported << std::pair{addressOf(m_users.at(row)), refused->second};
                m_todo.removeAt(m_next + refused->first);
            } else {
                m_outcome.error = r.error().message;
                for (qsizetype i = m_next; i < m_todo.size(); ++i)
                    m_outcome.notImported << std::pair{addressOf(m_users.at(m_todo.at(i))), tr("not imported: the import stopped")};
                finish();
                return;
            }
            const int done = int(m_outcome.imported.size());
            m_progress->setMaximum(int(m_todo.size()));
            m_progress->setValue(done);
            importNextUserChunk();
        });
}

void ImportDialog::importZone()
{
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_cancelButton->setEnabled(false); // one transaction: nothing to stop between
    m_progressText->setText(tr("Loading the zone file into %1…").arg(m_zoneName));
    const QString zone = m_zoneName;
    const QString text = m_zoneText;
    const auto mode = m_replace->isChecked() ? DnsOps::ImportMode::Replace : DnsOps::ImportMode::Merge;
    m_context.backend->run<DnsOps::ZoneChange>(
        this, [zone, text, mode](DirectorySession &s) { return DnsOps::importZone(s, zone, text, mode); },
        [this](OpResult<DnsOps::ZoneChange> r) {
            if (!r.ok()) {
                m_outcome.error = r.error().message;
            } else {
                for (const DnsRecord &rec : r->added)
                    m_outcome.imported << QStringLiteral("%1 %2 %3").arg(rec.name, dnsRecordTypeName(rec.type), rec.value);
                for (const DnsRecord &rec : r->removed)
                    m_outcome.notImported << std::pair{QStringLiteral("%1 %2 %3").arg(rec.name, dnsRecordTypeName(rec.type), rec.value),
                                                       tr("removed (replace)")};
                m_progress->setValue(1);
            }
            finish();
        });
}

void ImportDialog::importLdif()
{
    m_progress->setRange(0, 0); // one operation, no steps to count
    m_cancelButton->setEnabled(false);
    m_progressText->setText(tr("Importing the ISPMan 1.x data…"));
    const QByteArray ldif = m_ldif;
    m_context.backend->run<Ispman1Import::Report>(
        this, [ldif](DirectorySession &s) { return Ispman1Import::run(s, ldif); },
        [this](OpResult<Ispman1Import::Report> r) {
            m_progress->setRange(0, 1);
            if (!r.ok()) {
                m_outcome.error = r.error().message;
            } else {
                for (const auto &i : r->createdItems)
                    m_outcome.imported << i.kind + QLatin1Char(' ') + i.name;
                for (const auto &i : r->skipped)
                    m_outcome.notImported << std::pair{i.kind + QLatin1Char(' ') + i.name, tr("already there")};
                for (const auto &i : r->unmapped)
                    m_outcome.notImported << std::pair{i.attribute.isEmpty() ? i.dn : i.dn + QStringLiteral(" ") + i.attribute, i.reason};
                for (const auto &i : r->failed)
                    m_outcome.notImported << std::pair{i.kind + QLatin1Char(' ') + i.name, i.reason};
                m_progress->setValue(1);
            }
            finish();
        });
}

void ImportDialog::finish()
{
    QString text;
    if (!m_outcome.error.isEmpty())
        text += tr("The import stopped: %1\n\n").arg(m_outcome.error);
    if (m_outcome.cancelled)
        text += tr("Cancelled. Everything up to the last finished chunk was imported; nothing after it.\n\n");
    text += tr("Imported: %1.\n").arg(m_outcome.imported.size());
    for (const QString &what : std::as_const(m_outcome.imported))
        text += QStringLiteral("  ") + what + QLatin1Char('\n');
    if (!m_outcome.notImported.isEmpty()) {
        text += tr("\nNot imported: %1.\n").arg(m_outcome.notImported.size());
        for (const auto &[what, why] : std::as_const(m_outcome.notImported))
            text += QStringLiteral("  %1 — %2\n").arg(what, why);
    }
    m_summary->setPlainText(text);
    m_message->setText(m_outcome.error.isEmpty()
                           ? tr("%n imported.", nullptr, int(m_outcome.imported.size()))
                           : tr("The import stopped: %1").arg(m_outcome.error));
    setStep(Step::Summary);
    Q_EMIT importFinished();
}

} // namespace Isp::Console
