// The panel in a real browser engine (Qt WebEngine, headless): a domain owner logs in through
// the login form, adds a DNS record and a mail user through the pages' own forms, and sees each
// change listed. Screenshots of the pages are saved as test artifacts
// (<build>/test-artifacts/panel-*.png).
#include "panelfixture.h"

#include <QApplication>
#include <QDir>
#include <QImage>
#include <QWebEnginePage>
#include <QWebEngineView>

using namespace Isp;
using namespace Isp::Test;

class TestPanelBrowser : public QObject
{
    Q_OBJECT

public:
    static void initMain() { QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts); }

private:
    // Loads `url` and waits for it.
    bool load(const QString &url)
    {
        bool finished = false, ok = false;
        auto c = connect(m_view->page(), &QWebEnginePage::loadFinished, this, [&](bool success) {
            finished = true;
            ok = success;
        });
        m_view->load(QUrl(url));
        const bool done = QTest::qWaitFor([&] { return finished; }, 20000);
        disconnect(c);
        return done && ok;
    }
    QVariant js(const QString &script)
    {
        QVariant result;
        bool done = false;
        m_view->page()->runJavaScript(script, [&](const QVariant &v) {
            result = v;
            done = true;
        });
        if (!QTest::qWaitFor([&] { return done; }, 10000))
            return QStringLiteral("<no answer>");
        return result;
    }
    // Runs `script` (which submits a form) and waits for the page it leads to.
    bool submit(const QString &script)
    {
        bool finished = false, ok = false;
        auto c = connect(m_view->page(), &QWebEnginePage::loadFinished, this, [&](bool success) {
            finished = true;
            ok = success;
        });
        js(script);
        const bool done = QTest::qWaitFor([&] { return finished; }, 20000);
        disconnect(c);
        return done && ok;
    }
    QString bodyText() { return js(QStringLiteral("document.body.innerText")).toString(); }
    QString path() { return js(QStringLiteral("location.pathname + location.search")).toString(); }
    // Distinct colours in a grab of the view (sampled): a painted page has many, a blank one few.
    int colours(const QImage &image)
    {
        QSet<QRgb> seen;
        for (int y = 0; y < image.height(); y += 7)
            for (int x = 0; x < image.width(); x += 7)
                seen.insert(image.pixel(x, y));
        return int(seen.size());
    }
    void screenshot(const QString &name)
    {
        // Painting may lag the load on a busy machine: wait until the page is on the surface.
        QImage image;
        const bool painted = QTest::qWaitFor([&] {
            image = m_view->grab().toImage();
            return !image.isNull() && colours(image) > 8;
        }, 10000);
        QVERIFY2(painted, qPrintable(QStringLiteral("the page was not painted (%1 colours)").arg(colours(image))));
        const QString dir = QStringLiteral(ISPMAN_ARTIFACTS_DIR);
        QDir().mkpath(dir);
        QVERIFY(image.save(dir + QStringLiteral("/panel-") + name + QStringLiteral(".png")));
    }

private Q_SLOTS:
    void initTestCase()
    {
        ISP_START_PANEL(m_fixture);
        m_view = std::make_unique<QWebEngineView>();
        m_view->resize(1100, 800);
        m_view->show();
    }

    void logIn()
    {
        QVERIFY(load(m_fixture.url() + QStringLiteral("/dashboard")));
        QCOMPARE(path(), QStringLiteral("/login?next=%2Fdashboard"));
        // Fill the form in the page (key events sent to an offscreen view are lost when the
        // machine is busy, so the fields are set through the DOM; the browser still posts the form).
        js(QStringLiteral("document.getElementById('domain').value = 'example.com';"
                          "document.getElementById('password').value = '%1';")
               .arg(PanelFixture::ownerPassword(QStringLiteral("example.com"))));
        QCOMPARE(js(QStringLiteral("document.getElementById('domain').value")).toString(), QStringLiteral("example.com"));
        screenshot(QStringLiteral("login"));
        QVERIFY(submit(QStringLiteral("document.querySelector('main form').submit()")));
        QCOMPARE(path(), QStringLiteral("/dashboard"));
        QVERIFY(bodyText().contains(QStringLiteral("Limits and usage")));
        // The session cookie is HttpOnly: scripts cannot read it.
        QVERIFY(!js(QStringLiteral("document.cookie")).toString().contains(QStringLiteral("ispman=")));
        screenshot(QStringLiteral("dashboard"));
    }

    void addDnsRecord()
    {
        QVERIFY(load(m_fixture.url() + QStringLiteral("/dns")));
        js(QStringLiteral("document.getElementById('name').value = 'shop';"
                          "document.getElementById('type').value = 'A';"
                          "document.getElementById('value').value = '192.0.2.77';"));
        QVERIFY(submit(QStringLiteral("document.querySelector('form[action=\"/dns/add\"]').submit()")));
        QCOMPARE(path(), QStringLiteral("/dns?done=added"));
        const QString text = bodyText();
        QVERIFY(text.contains(QStringLiteral("Added.")));
        QVERIFY(text.contains(QStringLiteral("192.0.2.77")));
        screenshot(QStringLiteral("dns"));
        // And it is in the directory.
        auto root = m_fixture.rootSession();
        auto e = root->read(root->dit().dnsName(QStringLiteral("example.com"), QStringLiteral("shop")));
        QVERIFY(e.ok() && e->has_value());
        QCOMPARE((*e)->texts(QStringLiteral("aRecord")), QStringList{QStringLiteral("192.0.2.77")});
    }

    void addMailUser()
    {
        QVERIFY(load(m_fixture.url() + QStringLiteral("/mail/users")));
        js(QStringLiteral("document.getElementById('user').value = 'bruno';"
                          "document.getElementById('given-name').value = 'Bruno';"
                          "document.getElementById('surname').value = 'M\u00fcller';"
                          "document.getElementById('password').value = 'Bruno-pass-2026';"
                          "document.getElementById('password-confirm').value = 'Bruno-pass-2026';"));
        QVERIFY(submit(QStringLiteral("document.querySelector('form[action=\"/mail/users/add\"]').submit()")));
        QCOMPARE(path(), QStringLiteral("/mail/users?done=added"));
        const QString text = bodyText();
        QVERIFY(text.contains(QStringLiteral("bruno@example.com")));
        QVERIFY(text.contains(QStringLiteral("M\u00fcller"))); // UTF-8 all the way (platform-notes §8.7)
        screenshot(QStringLiteral("mailusers"));
        // The dashboard now shows the work queued for the mail and file servers.
        QVERIFY(load(m_fixture.url() + QStringLiteral("/dashboard")));
        QVERIFY(bodyText().contains(QStringLiteral("createMailbox")));
    }

    void narrowScreens()
    {
        // A phone-sized window: every page fits its width (no sideways scrolling).
        m_view->resize(390, 800);
        for (const QString &page : {QStringLiteral("/dashboard"), QStringLiteral("/dns"), QStringLiteral("/websites"), QStringLiteral("/websites/www"),
                                    QStringLiteral("/mail/users"), QStringLiteral("/mail/users/john"), QStringLiteral("/mail/groups"),
                                    QStringLiteral("/webusers"), QStringLiteral("/signature"), QStringLiteral("/password")}) {
            QVERIFY(load(m_fixture.url() + page));
            QVERIFY2(path() == page, qPrintable(path()));
            const int scroll = js(QStringLiteral("document.documentElement.scrollWidth")).toInt();
            const int width = js(QStringLiteral("document.documentElement.clientWidth")).toInt();
            QVERIFY2(scroll <= width + 1, qPrintable(QStringLiteral("%1 is %2 px wide in a %3 px window").arg(page).arg(scroll).arg(width)));
        }
        QVERIFY(load(m_fixture.url() + QStringLiteral("/dns")));
        screenshot(QStringLiteral("dns-phone"));
        m_view->resize(1100, 800);
    }

    void cleanupTestCase() { m_view.reset(); }

private:
    PanelFixture m_fixture;
    std::unique_ptr<QWebEngineView> m_view;
};

QTEST_MAIN(TestPanelBrowser)
#include "tst_panelbrowser.moc"
