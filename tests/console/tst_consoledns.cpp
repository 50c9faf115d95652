// The console's DNS editor against a real slapd with the sample zones: one owner name's records
// in a table, a record added through the widget and read back with DnsOps::showZone through
// another session, core's refusals under the field they name (nothing written), and remove and
// replace undone from the history.
#include "tests/console/consolefixture.h"

#include "console/editors/dnseditor.h"
#include "core/ops/dnsops.h"
#include "core/ops/hostops.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>

using namespace Isp;
using namespace Isp::Core;
using namespace Isp::Console;

namespace {

const QString Com = QStringLiteral("example.com");

template<typename T>
T *child(QWidget *parent, const char *name)
{
    T *w = parent->findChild<T *>(QLatin1String(name));
    if (!w)
        qWarning("no child %s", name);
    return w;
}

} // namespace

class TestConsoleDns : public QObject
{
    Q_OBJECT

    DnsZone zone()
    {
        auto z = DnsOps::showZone(m_fx.otherSession(), Com);
        return z.ok() ? *z : DnsZone();
    }

    bool has(const QString &name, DnsRecordType type, const QString &value)
    {
        for (const DnsRecord &r : zone().records) {
            if (r.name == name && r.type == type && r.value == value)
                return true;
        }
        return false;
    }

    // Loads `name` of example.com into `editor` and waits for its records.
    bool load(DnsEditor &editor, const QString &name)
    {
        QSignalSpy loaded(&editor, &DnsEditor::loaded);
        editor.load(m_fx.dit().dnsName(Com, name));
        return QTest::qWaitFor([&] { return loaded.count() >= 1; }, 10000);
    }

    // Selects the row of `value` in the table.
    bool select(DnsEditor &editor, const QString &value)
    {
        for (int row = 0; row < editor.records().size(); ++row) {
            if (editor.records().at(row).value == value) {
                child<QTableWidget>(&editor, "records")->selectRow(row);
                return true;
            }
        }
        return false;
    }

    void fill(DnsEditor &editor, const QString &type, const QString &value)
    {
        auto *combo = child<QComboBox>(&editor, "type");
        combo->setCurrentIndex(combo->findText(type));
        child<QLineEdit>(&editor, "value")->setText(value);
    }

private Q_SLOTS:
    void initTestCase()
    {
        ISP_START_CONSOLE(m_fx);
        // The sample's dnsgroup is empty and example.com names no dnsHost: record changes
        // would queue modifyDomain for nobody, which core refuses.
        auto member = HostOps::addMember(m_fx.otherSession(), QStringLiteral("dnsgroup"), QStringLiteral("ns1.example.net"));
        QVERIFY2(member.ok(), qPrintable(member.error().toString()));
    }

    void apexShowsSoaReadOnly()
    {
        DnsEditor editor(m_fx.context());
        QVERIFY(load(editor, QStringLiteral("@")));
        QCOMPARE(editor.zone(), Com);
        QCOMPARE(editor.ownerName(), QStringLiteral("@"));
        auto *soa = child<QLabel>(&editor, "soa");
        QVERIFY(soa->isVisibleTo(&editor));
        QVERIFY(soa->text().contains(QStringLiteral("ns1.example.net.")));
        QVERIFY(soa->text().contains(QString::number(zone().soa.serial)));
        qsizetype apex = 0;
        for (const DnsRecord &r : zone().records)
            apex += r.name == QLatin1String("@");
        QCOMPARE(child<QTableWidget>(&editor, "records")->rowCount(), int(apex));
        QVERIFY(child<QLineEdit>(&editor, "name")->isReadOnly());
        QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>(&editor, "save")->text().contains(QStringLiteral("modifyDomain on ns1.example.net")), 5000);

        // Another name: no SOA.
        QVERIFY(load(editor, QStringLiteral("www")));
        QVERIFY(!soa->isVisibleTo(&editor));
        QCOMPARE(child<QTableWidget>(&editor, "records")->rowCount(), 1);
    }

    void addsARecord()
    {
        DnsEditor editor(m_fx.context());
        QVERIFY(load(editor, QStringLiteral("www")));
        const quint32 serial = zone().soa.serial;
        fill(editor, QStringLiteral("A"), QStringLiteral("192.0.2.77"));
        QSignalSpy loaded(&editor, &DnsEditor::loaded);
        child<QPushButton>(&editor, "save")->click();
        QTRY_VERIFY_WITH_TIMEOUT(loaded.count() >= 1, 15000);
        QVERIFY(has(QStringLiteral("www"), DnsRecordType::A, QStringLiteral("192.0.2.77")));
        QVERIFY(zone().soa.serial > serial);
        QCOMPARE(child<QTableWidget>(&editor, "records")->rowCount(), 2);
    }

    void badIpv4ShowsTheErrorUnderTheValue()
    {
        const DnsRecord bad{QStringLiteral("www"), DnsRecordType::A, QStringLiteral("192.0.2.300"), std::nullopt};
        auto expected = DnsOps::addRecord(m_fx.otherSession(), Com, bad);
        QVERIFY(!expected.ok());
        QCOMPARE(expected.error().field, QStringLiteral("value"));
        const DnsZone before = zone();

        DnsEditor editor(m_fx.context());
        QVERIFY(load(editor, QStringLiteral("www")));
        fill(editor, QStringLiteral("A"), bad.value);
        QSignalSpy failed(&m_fx.commands(), &CommandStack::failed);
        child<QPushButton>(&editor, "save")->click();
        QTRY_VERIFY_WITH_TIMEOUT(failed.count() == 1, 10000);
        auto *error = child<QLabel>(&editor, "error-value");
        QVERIFY(!error->isHidden());
        QCOMPARE(error->text(), expected.error().message);
        QCOMPARE(zone(), before);

        // A bad TTL is refused before core is asked, with core's validator's words.
        child<QLineEdit>(&editor, "value")->setText(QStringLiteral("192.0.2.8"));
        child<QLineEdit>(&editor, "ttl")->setText(QStringLiteral("soon"));
        child<QPushButton>(&editor, "save")->click();
        QVERIFY(!child<QLabel>(&editor, "error-ttl")->isHidden());
        QVERIFY(error->isHidden());
        QCOMPARE(zone(), before);
    }

    void removeAndUndo()
    {
        DnsEditor editor(m_fx.context());
        QVERIFY(load(editor, QStringLiteral("www")));
        QVERIFY(select(editor, QStringLiteral("192.0.2.77")));
        QSignalSpy executed(&m_fx.commands(), &CommandStack::executed);
        child<QPushButton>(&editor, "removeRecord")->click();
        QTRY_VERIFY_WITH_TIMEOUT(executed.count() == 1, 15000);
        QVERIFY(!has(QStringLiteral("www"), DnsRecordType::A, QStringLiteral("192.0.2.77")));
        QTRY_COMPARE_WITH_TIMEOUT(child<QTableWidget>(&editor, "records")->rowCount(), 1, 10000);

        m_fx.commands().undoStack()->undo();
        QTRY_VERIFY_WITH_TIMEOUT(has(QStringLiteral("www"), DnsRecordType::A, QStringLiteral("192.0.2.77")), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(child<QTableWidget>(&editor, "records")->rowCount(), 2, 10000);
    }

    void replaceAndUndo()
    {
        DnsEditor editor(m_fx.context());
        QVERIFY(load(editor, QStringLiteral("www")));
        QVERIFY(select(editor, QStringLiteral("192.0.2.77")));
        // Selecting fills the form with the record.
        QCOMPARE(child<QLineEdit>(&editor, "value")->text(), QStringLiteral("192.0.2.77"));
        child<QLineEdit>(&editor, "value")->setText(QStringLiteral("192.0.2.78"));
        QSignalSpy executed(&m_fx.commands(), &CommandStack::executed);
        child<QPushButton>(&editor, "replaceRecord")->click();
        QTRY_VERIFY_WITH_TIMEOUT(executed.count() == 1, 15000);
        QVERIFY(has(QStringLiteral("www"), DnsRecordType::A, QStringLiteral("192.0.2.78")));
        QVERIFY(!has(QStringLiteral("www"), DnsRecordType::A, QStringLiteral("192.0.2.77")));

        m_fx.commands().undoStack()->undo();
        QTRY_VERIFY_WITH_TIMEOUT(has(QStringLiteral("www"), DnsRecordType::A, QStringLiteral("192.0.2.77")), 10000);
        QVERIFY(!has(QStringLiteral("www"), DnsRecordType::A, QStringLiteral("192.0.2.78")));
    }

    void newOwnerName()
    {
        DnsEditor editor(m_fx.context());
        QVERIFY(!editor.startNew(m_fx.dit().dns()));
        QVERIFY(editor.startNew(m_fx.dit().zone(Com)));
        QVERIFY(!child<QLineEdit>(&editor, "name")->isReadOnly());

        // A bad owner name: core's message under the name.
        child<QLineEdit>(&editor, "name")->setText(QStringLiteral("bad name!"));
        fill(editor, QStringLiteral("TXT"), QStringLiteral("\"hello\""));
        QSignalSpy failed(&m_fx.commands(), &CommandStack::failed);
        child<QPushButton>(&editor, "save")->click();
        QTRY_VERIFY_WITH_TIMEOUT(failed.count() == 1, 10000);
        QVERIFY(!child<QLabel>(&editor, "error-name")->isHidden());

        child<QLineEdit>(&editor, "name")->setText(QStringLiteral("Api"));
        QSignalSpy loaded(&editor, &DnsEditor::loaded);
        child<QPushButton>(&editor, "save")->click();
        QTRY_VERIFY_WITH_TIMEOUT(loaded.count() >= 1, 15000);
        QVERIFY(has(QStringLiteral("api"), DnsRecordType::Txt, QStringLiteral("\"hello\"")));
        QCOMPARE(editor.dn(), m_fx.dit().dnsName(Com, QStringLiteral("api")));
        QCOMPARE(editor.records().size(), 1);

        // Undo removes the name with its only record.
        m_fx.commands().undoStack()->undo();
        QTRY_VERIFY_WITH_TIMEOUT(!has(QStringLiteral("api"), DnsRecordType::Txt, QStringLiteral("\"hello\"")), 10000);
    }

private:
    Test::ConsoleFixture m_fx;
};

QTEST_MAIN(TestConsoleDns)
#include "tst_consoledns.moc"
