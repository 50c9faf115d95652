// The customer view against the real panel (started in this process, as the panel tests do): a
// signed login link opens example.com's dashboard as its owner in the embedded browser; without
// a panel address or key the view explains how to configure it; a domain that does not exist is
// refused before any page is loaded. A screenshot is saved as a test artifact
// (<build>/test-artifacts/console-customerview.png).
#include "console/backend.h"
#include "console/consolecontext.h"
#include "console/dialogs/customerview.h"
#include "console/livedirectory.h"
#include "tests/panel/panelfixture.h"

#include <QDir>
#include <QLabel>
#include <QSignalSpy>
#include <QWebEnginePage>
#include <QWebEngineView>

using namespace Isp;
using namespace Isp::Core;
using namespace Isp::Console;

class TestConsoleCustomerView : public QObject
{
    Q_OBJECT

public:
    static void initMain()
    {
        QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
        if (qEnvironmentVariableIsEmpty("QTWEBENGINE_DISABLE_SANDBOX"))
            qputenv("QTWEBENGINE_DISABLE_SANDBOX", "1"); // tests run as root
    }

private:
    QVariant js(QWebEngineView *view, const QString &script)
    {
        QVariant result;
        bool done = false;
        view->page()->runJavaScript(script, [&](const QVariant &v) {
            result = v;
            done = true;
        });
        if (!QTest::qWaitFor([&] { return done; }, 10000))
            return QStringLiteral("<no answer>");
        return result;
    }

    ConsoleContext configured()
    {
        ConsoleContext c = m_context;
        c.panelUrl = m_panel.url() + QStringLiteral("/");
        c.panelKey = m_key;
        return c;
    }

private Q_SLOTS:
    void initTestCase()
    {
        ISP_START_PANEL(m_panel);
        QString error;
        const auto key = SignedToken::readKeyFile(m_panel.secretFile(), &error);
        QVERIFY2(key, qPrintable(error));
        m_key = *key;
        // The console's plumbing on the panel's directory, bound as the sample admin.
        LdapConnectionSettings admin = m_panel.directory()->adminSettings();
        admin.connectTimeout = std::chrono::milliseconds(3000);
        const LdapDn base = m_panel.directory()->base();
        m_connection = std::make_unique<LdapConnection>(admin);
        m_connection->open();
        m_live = std::make_unique<LiveDirectory>(m_connection.get(), base);
        m_live->start();
        QVERIFY(QTest::qWaitFor([this] { return m_live->isLive(); }, 10000));
        m_backend = std::make_unique<Backend>(admin, Dit(base), m_live.get());
        m_context.live = m_live.get();
        m_context.backend = m_backend.get();
        m_context.dit = Dit(base);
        m_context.bindDn = admin.bindDn;
        m_context.confirmDestructive = false;
    }

    void notConfigured()
    {
        ConsoleContext c = m_context;
        c.panelKey = m_key; // an address is missing
        CustomerView view(c);
        view.showDomain(QStringLiteral("example.com"));
        QVERIFY(!view.isConfigured());
        QVERIFY2(view.notice().contains(QStringLiteral("not configured")), qPrintable(view.notice()));
        QVERIFY(view.notice().contains(QStringLiteral("key file")));
        QVERIFY(view.view()->url().isEmpty());

        c.panelUrl = m_panel.url();
        c.panelKey.clear();
        CustomerView noKey(c);
        QVERIFY(noKey.notice().contains(QStringLiteral("not configured")));
    }

    void opensTheOwnersDashboard()
    {
        CustomerView view(configured());
        view.resize(1100, 800);
        view.show();
        QSignalSpy loaded(&view, &CustomerView::pageLoaded);
        view.showDomain(QStringLiteral("example.com"));
        QVERIFY(QTest::qWaitFor([&] { return loaded.count() > 0; }, 30000));
        QVERIFY(view.notice().isEmpty());
        QString text;
        QVERIFY2(QTest::qWaitFor([&] {
                     text = js(view.view(), QStringLiteral("document.body.innerText")).toString();
                     return text.contains(QStringLiteral("Limits and usage")) && text.contains(QStringLiteral("example.com"));
                 }, 20000),
                 qPrintable(text.left(400)));
        QCOMPARE(js(view.view(), QStringLiteral("location.pathname")).toString(), QStringLiteral("/dashboard"));

        const QImage image = view.grab().toImage();
        const QString dir = QStringLiteral(ISPMAN_ARTIFACTS_DIR);
        QDir().mkpath(dir);
        QVERIFY(image.save(dir + QStringLiteral("/console-customerview.png")));
    }

    void linkIsSignedLikeTheCli()
    {
        CustomerView view(configured());
        const QUrl link = view.loginLink(QStringLiteral("example.org"), m_context.bindDn);
        QVERIFY(link.toString().startsWith(m_panel.url() + QStringLiteral("/login/link?t=")));
        const QByteArray token = link.query(QUrl::FullyDecoded).mid(2).toLatin1();
        const auto claims = SignedToken::verify(m_key, QStringLiteral("login"), token);
        QVERIFY(claims);
        QCOMPARE(claims->value(QStringLiteral("d")).toString(), QStringLiteral("example.org"));
        QCOMPARE(claims->value(QStringLiteral("by")).toString(), m_context.bindDn);
        // A token for another purpose is not a login link.
        QVERIFY(!SignedToken::verify(m_key, QStringLiteral("session"), token));
    }

    void unknownDomainIsRefused()
    {
        CustomerView view(configured());
        view.showDomain(QStringLiteral("nowhere.example"));
        QVERIFY(QTest::qWaitFor([&] { return view.notice().contains(QStringLiteral("does not exist")); }, 15000));
        QVERIFY(view.view()->url().isEmpty());
    }

    void cleanupTestCase()
    {
        m_backend.reset();
        m_live.reset();
        m_connection.reset();
    }

private:
    Isp::Test::PanelFixture m_panel;
    QByteArray m_key;
    std::unique_ptr<LdapConnection> m_connection;
    std::unique_ptr<LiveDirectory> m_live;
    std::unique_ptr<Backend> m_backend;
    ConsoleContext m_context;
};

QTEST_MAIN(TestConsoleCustomerView)
#include "tst_consolecustomerview.moc"
