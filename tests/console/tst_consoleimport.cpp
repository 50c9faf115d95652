// Bulk import and export against the sample ISP: the CSV preview shows core's refusal beside the
// row it concerns and writes nothing; the import adds the good rows with progress to the end; a
// cancel between chunks leaves whole chunks — a prefix of the file — and says what was left out;
// a zone file adds its records; exports write what the imports read back.
#include "tests/console/consolefixture.h"

#include "console/dialogs/exportdialog.h"
#include "console/dialogs/importdialog.h"
#include "core/ops/dnsops.h"
#include "core/ops/domainops.h"
#include "core/ops/usercsv.h"
#include "core/ops/userops.h"
#include "core/ops/zonefile.h"
#include "core/validation/dnsrecordtype.h"

#include <QFile>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QTemporaryDir>

using namespace Isp;
using namespace Isp::Core;
using namespace Isp::Console;

namespace {

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestConsoleImport : public QObject
{
    Q_OBJECT

private:
    QStringList addresses(const QString &domain, const QString &prefix)
    {
        auto users = UserOps::list(m_fx.otherSession(), domain);
        if (!users.ok())
            return {QStringLiteral("error: ") + users.error().toString()};
        QStringList out;
        for (const MailUser &u : std::as_const(*users)) {
            if (u.address.startsWith(prefix))
                out << u.address;
        }
        out.sort();
        return out;
    }

    bool previewOf(ImportDialog &dialog)
    {
        QSignalSpy ready(&dialog, &ImportDialog::previewReady);
        dialog.findChild<QPushButton *>(QStringLiteral("previewButton"))->click();
        return QTest::qWaitFor([&] { return ready.count() > 0; }, 30000);
    }

    bool importOf(ImportDialog &dialog)
    {
        QSignalSpy finished(&dialog, &ImportDialog::importFinished);
        dialog.findChild<QPushButton *>(QStringLiteral("importButton"))->click();
        return QTest::qWaitFor([&] { return finished.count() > 0; }, 60000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        ISP_START_CONSOLE(m_fx);
    }

    void csvPreviewThenImport()
    {
        const QString file = m_tmp.filePath(QStringLiteral("three.csv"));
        QVERIFY(writeFile(file, "address,given-name,surname,password\n"
                                "imp1@example.com,Imp,One,a-Long-pass-1234\n"
                                "imp2@example.com,Imp,Two,short\n"
                                "imp3@example.com,Imp,Three,a-Long-pass-1234\n"));
        ImportDialog dialog(m_fx.context());
        dialog.setKind(ImportDialog::Kind::UserCsv);
        dialog.setFile(file);
        QVERIFY(previewOf(dialog));
        QCOMPARE(dialog.step(), ImportDialog::Step::Preview);

        // Row 2's password is refused by core, and the table shows it on that row only.
        const QStringList problems = dialog.previewProblems();
        QCOMPARE(problems.size(), 3);
        QVERIFY2(problems.at(0).isEmpty(), qPrintable(problems.at(0)));
        QVERIFY2(problems.at(1).startsWith(QStringLiteral("password:")), qPrintable(problems.at(1)));
        QVERIFY2(problems.at(2).isEmpty(), qPrintable(problems.at(2)));
        auto *table = dialog.findChild<QTableWidget *>(QStringLiteral("preview"));
        QCOMPARE(table->rowCount(), 3);
        QCOMPARE(table->item(1, 1)->text(), QStringLiteral("imp2@example.com"));
        QCOMPARE(table->item(1, 4)->text(), problems.at(1));
        QVERIFY(table->item(0, 4)->text().isEmpty());
        // The preview wrote nothing.
        QCOMPARE(addresses(QStringLiteral("example.com"), QStringLiteral("imp")), QStringList());

        QVERIFY(importOf(dialog));
        QCOMPARE(dialog.step(), ImportDialog::Step::Summary);
        QCOMPARE(addresses(QStringLiteral("example.com"), QStringLiteral("imp")),
                 (QStringList{QStringLiteral("imp1@example.com"), QStringLiteral("imp3@example.com")}));
        auto *progress = dialog.findChild<QProgressBar *>(QStringLiteral("progress"));
        QCOMPARE(progress->value(), progress->maximum());
        QCOMPARE(progress->maximum(), 2);
        const auto &outcome = dialog.outcome();
        QCOMPARE(outcome.imported.size(), 2);
        QCOMPARE(outcome.notImported.size(), 1);
        QCOMPARE(outcome.notImported.first().first, QStringLiteral("imp2@example.com"));
        QVERIFY(!outcome.cancelled);

        // Previewing the same file again: the imported rows now exist.
        ImportDialog again(m_fx.context());
        again.setFile(file);
        QVERIFY(previewOf(again));
        QVERIFY2(again.previewProblems().at(0).contains(QStringLiteral("already exists")), qPrintable(again.previewProblems().at(0)));
    }

    void cancelLeavesAPrefix()
    {
        QByteArray csv = "address,surname\n";
        QStringList all;
        for (int i = 1; i <= 300; ++i) {
            const QString address = QStringLiteral("bulk%1@example.com").arg(i, 3, 10, QLatin1Char('0'));
            all << address;
            csv += address.toUtf8() + ",Bulk\n";
        }
        const QString file = m_tmp.filePath(QStringLiteral("many.csv"));
        QVERIFY(writeFile(file, csv));
        ImportDialog dialog(m_fx.context());
        dialog.setKind(ImportDialog::Kind::UserCsv);
        dialog.setFile(file);
        dialog.setChunkSize(50);
        QVERIFY(previewOf(dialog));
        QCOMPARE(dialog.previewProblems().count(QString()), 300);

        // Cancel as soon as the first chunk is in: the running chunk finishes, no other starts.
        auto *progress = dialog.findChild<QProgressBar *>(QStringLiteral("progress"));
        auto *cancel = dialog.findChild<QPushButton *>(QStringLiteral("cancelImport"));
        connect(progress, &QProgressBar::valueChanged, this, [cancel](int value) {
            if (value >= 50 && cancel->isEnabled())
                cancel->click();
        });
        QVERIFY(importOf(dialog));
        const auto &outcome = dialog.outcome();
        QVERIFY2(outcome.cancelled, qPrintable(outcome.error));
        QCOMPARE(outcome.imported.size(), 50);
        QCOMPARE(outcome.notImported.size(), 250);
        QCOMPARE(outcome.notImported.first().first, all.at(50));
        QCOMPARE(outcome.imported, all.mid(0, 50));
        // The directory holds exactly that prefix.
        QCOMPARE(addresses(QStringLiteral("example.com"), QStringLiteral("bulk")), all.mid(0, 50));
        QVERIFY(dialog.findChild<QPlainTextEdit *>(QStringLiteral("summary"))->toPlainText().contains(QStringLiteral("Cancelled")));
    }

    void accountLimitInPreview()
    {
        // example.org holds 2 of at most 10 accounts: of 10 new rows, the last 2 do not fit.
        QByteArray csv = "address,surname\n";
        for (int i = 1; i <= 10; ++i)
            csv += QStringLiteral("limit%1@example.org,Limit\n").arg(i).toUtf8();
        const QString file = m_tmp.filePath(QStringLiteral("limit.csv"));
        QVERIFY(writeFile(file, csv));
        ImportDialog dialog(m_fx.context());
        dialog.setFile(file);
        QVERIFY(previewOf(dialog));
        const QStringList problems = dialog.previewProblems();
        QCOMPARE(problems.count(QString()), 8);
        QVERIFY2(problems.at(9).contains(QStringLiteral("at most 10 accounts")), qPrintable(problems.at(9)));
        QVERIFY(problems.at(8).contains(QStringLiteral("at most 10 accounts")));
        QVERIFY(importOf(dialog));
        QCOMPARE(dialog.outcome().imported.size(), 8);
        QCOMPARE(addresses(QStringLiteral("example.org"), QStringLiteral("limit")).size(), 8);
    }

    void zoneImportAddsRecords()
    {
        auto zone = DnsOps::showZone(m_fx.otherSession(), QStringLiteral("example.com"));
        QVERIFY2(zone.ok(), qPrintable(zone.error().toString()));
        const QString file = m_tmp.filePath(QStringLiteral("example.com.zone"));
        QVERIFY(writeFile(file, (exportZone(*zone) + QStringLiteral("imported IN A 192.0.2.77\n")
                                 + QStringLiteral("imported IN TXT \"from a file\"\n")).toUtf8()));
        ImportDialog dialog(m_fx.context());
        dialog.setKind(ImportDialog::Kind::ZoneFile);
        dialog.setFile(file); // the zone comes from the file's $ORIGIN
        QVERIFY(previewOf(dialog));
        auto *table = dialog.findChild<QTableWidget *>(QStringLiteral("preview"));
        int adding = 0;
        for (int r = 0; r < table->rowCount(); ++r)
            adding += table->item(r, 4)->text() == u"add" ? 1 : 0;
        QCOMPARE(adding, 2);
        QVERIFY(importOf(dialog));
        QVERIFY2(dialog.outcome().error.isEmpty(), qPrintable(dialog.outcome().error));
        QCOMPARE(dialog.outcome().imported.size(), 2);
        auto after = DnsOps::showZone(m_fx.otherSession(), QStringLiteral("example.com"));
        QVERIFY(after.ok());
        QCOMPARE(after->records.size(), zone->records.size() + 2);
        const bool hasA = std::any_of(after->records.cbegin(), after->records.cend(), [](const DnsRecord &r) {
            return r.name == u"imported" && r.type == DnsRecordType::A && r.value == u"192.0.2.77";
        });
        QVERIFY(hasA);
    }

    void badZoneFileIsShown()
    {
        const QString file = m_tmp.filePath(QStringLiteral("bad.zone"));
        QVERIFY(writeFile(file, "$ORIGIN example.com.\nwww IN A 999.1.1.1\n"));
        ImportDialog dialog(m_fx.context());
        dialog.setKind(ImportDialog::Kind::ZoneFile);
        dialog.setFile(file);
        dialog.findChild<QPushButton *>(QStringLiteral("previewButton"))->click();
        QCOMPARE(dialog.step(), ImportDialog::Step::Choose);
        QVERIFY2(dialog.findChild<QLabel *>(QStringLiteral("message"))->text().contains(QStringLiteral("line")),
                 qPrintable(dialog.findChild<QLabel *>(QStringLiteral("message"))->text()));
    }

    void ispman1LdifPreviewThenImport()
    {
        const QString file = QFINDTESTDATA("../data/ispman1/export.ldif");
        QVERIFY(!file.isEmpty());
        ImportDialog dialog(m_fx.context());
        dialog.setKind(ImportDialog::Kind::Ispman1Ldif);
        dialog.setFile(file);
        QVERIFY(previewOf(dialog));
        // example.info is new here (the sample ISP has the other domains): planned, not written.
        auto *table = dialog.findChild<QTableWidget *>(QStringLiteral("preview"));
        bool planned = false;
        for (int r = 0; r < table->rowCount(); ++r)
            planned = planned || (table->item(r, 0)->text() == u"domain" && table->item(r, 1)->text() == u"example.info"
                                  && table->item(r, 2)->text() == u"create");
        QVERIFY(planned);
        QCOMPARE(DomainOps::show(m_fx.otherSession(), QStringLiteral("example.info")).error().kind, OpError::Kind::NotFound);
        QVERIFY(importOf(dialog));
        QVERIFY2(dialog.outcome().error.isEmpty(), qPrintable(dialog.outcome().error));
        QVERIFY(dialog.outcome().imported.contains(QStringLiteral("domain example.info")));
        QVERIFY(DomainOps::show(m_fx.otherSession(), QStringLiteral("example.info")).ok());
    }

    void exportUsersCsvReadsBack()
    {
        const QString file = m_tmp.filePath(QStringLiteral("export.csv"));
        ExportDialog dialog(m_fx.context());
        dialog.setKind(ExportDialog::Kind::UserCsv);
        dialog.setDomain(QStringLiteral("example.com"));
        dialog.setFile(file);
        QSignalSpy done(&dialog, &ExportDialog::exportFinished);
        dialog.exportNow();
        QVERIFY(QTest::qWaitFor([&] { return done.count() > 0; }, 15000));
        QVERIFY2(done.first().at(0).toBool(), qPrintable(dialog.message()));
        auto rows = parseUserCsv(readFile(file));
        QVERIFY2(rows.ok(), qPrintable(rows.error().toString()));
        auto users = UserOps::list(m_fx.otherSession(), QStringLiteral("example.com"));
        QVERIFY(users.ok());
        QCOMPARE(rows->size(), users->size());
        for (qsizetype i = 0; i < rows->size(); ++i) {
            QCOMPARE(rows->at(i).localPart + u'@' + rows->at(i).domain, users->at(i).address);
            QCOMPARE(rows->at(i).surname, users->at(i).surname);
            QCOMPARE(rows->at(i).mailbox, users->at(i).hasMailbox());
        }
    }

    void exportZoneAndLdif()
    {
        const QString zoneFile = m_tmp.filePath(QStringLiteral("out.zone"));
        ExportDialog dialog(m_fx.context());
        dialog.setKind(ExportDialog::Kind::ZoneFile);
        dialog.setDomain(QStringLiteral("example.org"));
        dialog.setFile(zoneFile);
        QSignalSpy done(&dialog, &ExportDialog::exportFinished);
        dialog.exportNow();
        QVERIFY(QTest::qWaitFor([&] { return done.count() > 0; }, 15000));
        QVERIFY2(done.first().at(0).toBool(), qPrintable(dialog.message()));
        auto parsed = parseZone(QStringLiteral("example.org"), QString::fromUtf8(readFile(zoneFile)));
        QVERIFY2(parsed.ok(), qPrintable(parsed.error().toString()));

        const QString ldifFile = m_tmp.filePath(QStringLiteral("out.ldif"));
        dialog.setKind(ExportDialog::Kind::DomainLdif);
        dialog.setFile(ldifFile);
        dialog.exportNow();
        QVERIFY(QTest::qWaitFor([&] { return done.count() > 1; }, 15000));
        QVERIFY2(done.at(1).at(0).toBool(), qPrintable(dialog.message()));
        QVERIFY(readFile(ldifFile).contains("dn: ispmanDomain=example.org,"));
    }

private:
    QTemporaryDir m_tmp;
    Isp::Test::ConsoleFixture m_fx;
};

QTEST_MAIN(TestConsoleImport)
#include "tst_consoleimport.moc"
