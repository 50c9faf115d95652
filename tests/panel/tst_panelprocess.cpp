// The ispman-panel program itself: it starts from its flags, says where it listens, serves, and
// on SIGTERM stops listening, finishes the request in progress (a login, answered after LDAP
// work on a worker thread) and exits 0.
#include "panelfixture.h"

#include <QProcess>
#include <QTcpSocket>

#include <csignal>

using namespace Isp;
using namespace Isp::Test;

class TestPanelProcess : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { ISP_START_PANEL(m_fixture); }

    void servesAndStopsGracefully()
    {
        const QString dir = m_fixture.directory().folder();
        QProcess panel;
        panel.setProgram(QStringLiteral(ISPMAN_PANEL_BIN));
        panel.setArguments({QStringLiteral("--uri"), m_fixture.directory()->uri(), QStringLiteral("--base"),
                            m_fixture.directory()->base().toString(), QStringLiteral("--password-file"), dir + QStringLiteral("/panel.pw"),
                            QStringLiteral("--secret-file"), m_fixture.secretFile(), QStringLiteral("--port"), QStringLiteral("0"),
                            QStringLiteral("--config"), QStringLiteral("/dev/null")});
        panel.start();
        QVERIFY(panel.waitForStarted(10000));
        QString url;
        QVERIFY(QTest::qWaitFor([&] {
            const QByteArray line = panel.readLine();
            if (line.startsWith("ispman-panel: listening on "))
                url = QString::fromUtf8(line.mid(27).trimmed());
            return !url.isEmpty() || panel.state() == QProcess::NotRunning;
        }, 15000));
        QVERIFY2(url.startsWith(QStringLiteral("http://127.0.0.1:")), qPrintable(QString::fromUtf8(panel.readAllStandardError())));
        PanelClient client(url);
        QVERIFY(QTest::qWaitFor([&] { return client.get(QStringLiteral("/healthz")).status == 200; }, 15000));

        // A login in flight when SIGTERM arrives is still answered.
        client.get(QStringLiteral("/login"));
        QByteArray cookie;
        for (auto it = client.cookies().cbegin(); it != client.cookies().cend(); ++it)
            cookie += it.key() + '=' + it.value() + "; ";
        const QByteArray body = "_csrf=" + QUrl::toPercentEncoding(client.csrf()) + "&domain=example.com&password="
            + QUrl::toPercentEncoding(PanelFixture::ownerPassword(QStringLiteral("example.com")));
        QTcpSocket s;
        s.connectToHost(QHostAddress::LocalHost, quint16(QUrl(url).port()));
        QVERIFY(s.waitForConnected(5000));
        s.write("POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nCookie: " + cookie
                + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        QVERIFY(s.waitForBytesWritten(5000));
        QTest::qWait(5); // it has reached the panel, the bind is running
        ::kill(pid_t(panel.processId()), SIGTERM);
        QByteArray answer;
        QVERIFY(QTest::qWaitFor([&] {
            answer += s.readAll();
            return answer.contains("\r\n\r\n") || s.state() != QAbstractSocket::ConnectedState;
        }, 15000));
        answer += s.readAll();
        QVERIFY2(answer.startsWith("HTTP/1.1 303"), answer.left(200).constData());
        QVERIFY(answer.contains("Location: /dashboard"));
        QVERIFY(panel.waitForFinished(15000));
        QCOMPARE(panel.exitStatus(), QProcess::NormalExit);
        QCOMPARE(panel.exitCode(), 0);
        // And it no longer listens.
        QTcpSocket after;
        after.connectToHost(QHostAddress::LocalHost, quint16(QUrl(url).port()));
        QVERIFY(!after.waitForConnected(1000));
    }

    void refusesABadConfiguration()
    {
        QProcess panel;
        panel.start(QStringLiteral(ISPMAN_PANEL_BIN), {QStringLiteral("--config"), QStringLiteral("/dev/null"), QStringLiteral("--uri"),
                                                       QStringLiteral("ldap://127.0.0.1:1"), QStringLiteral("--set"), QStringLiteral("panel.workers=0")});
        QVERIFY(panel.waitForFinished(10000));
        QCOMPARE(panel.exitCode(), 2);
        QVERIFY(panel.readAllStandardError().contains("panel.workers: must be 1-64"));
    }

private:
    PanelFixture m_fixture;
};

QTEST_MAIN(TestPanelProcess)
#include "tst_panelprocess.moc"
