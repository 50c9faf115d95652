#include "console/dialogs/customerview.h"

#include "core/ops/panellink.h"

#include "core/acl/signedtoken.h"

#include <QLabel>
#include <QStackedLayout>
#include <QWebEnginePage>
#include <QWebEngineProfile>
#include <QWebEngineView>

namespace Isp::Console {

using namespace Isp::Core;

namespace {

QString panelBase(const QString &url)
{
    QString base = url.trimmed();
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    return base;
}

} // namespace

CustomerView::CustomerView(const ConsoleContext &context, QWidget *parent) : QWidget(parent), m_context(context)
{
    m_stack = new QStackedLayout(this);
    m_notice = new QLabel(this);
    m_notice->setObjectName(QStringLiteral("customerViewNotice"));
    m_notice->setWordWrap(true);
    m_notice->setAlignment(Qt::AlignCenter);
    m_notice->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_notice->setMargin(24);
    m_profile = new QWebEngineProfile(this); // no storage name: off the record, cookies of this view only
    m_view = new QWebEngineView(this);
    m_view->setObjectName(QStringLiteral("customerView"));
    m_view->setPage(new QWebEnginePage(m_profile, m_view));
    m_stack->addWidget(m_notice);
    m_stack->addWidget(m_view);
    connect(m_view, &QWebEngineView::loadFinished, this, &CustomerView::pageLoaded);
    if (!isConfigured())
        showNotice(QString());
}

CustomerView::~CustomerView()
{
    // The page must go before the profile it uses.
    delete m_view;
    m_view = nullptr;
}

bool CustomerView::isConfigured() const
{
    return !m_context.panelUrl.trimmed().isEmpty() && !m_context.panelKey.isEmpty();
}

QString CustomerView::notice() const
{
    return m_stack->currentWidget() == m_notice ? m_notice->text() : QString();
}

void CustomerView::showNotice(const QString &text)
{
    if (text.isEmpty()) {
        m_notice->setText(
            tr("The customer view is not configured. It opens the customer panel as a domain's owner with a "
               "login link signed with the panel's key, so the console needs the panel's address (as a browser "
               "reaches it, e.g. https://panel.example.net) and the panel's key file — the file the panel's "
               "configuration names as its secret file, readable only by you (mode 0600)."));
    } else {
        m_notice->setText(text);
    }
    m_stack->setCurrentWidget(m_notice);
}

QUrl CustomerView::loginLink(const QString &domain, const QString &by, int minutes) const
{
    if (!isConfigured() || m_context.panelKey.size() < SignedToken::MinKeyBytes)
        return {};
    const QString link = panelLoginLink(m_context.panelKey, panelBase(m_context.panelUrl), PanelLogin{domain, by},
                                        QDateTime::currentDateTimeUtc().addSecs(qint64(minutes) * 60));
    return link.isEmpty() ? QUrl() : QUrl(link);
}

void CustomerView::showDomain(const QString &domain)
{
    m_domain = domain;
    if (!isConfigured()) {
        showNotice(QString());
        return;
    }
    if (m_context.panelKey.size() < SignedToken::MinKeyBytes) {
        showNotice(tr("The panel's key is too short (%1 bytes; at least %2): check the key file.")
                       .arg(m_context.panelKey.size())
                       .arg(SignedToken::MinKeyBytes));
        return;
    }
    const QUrl base(panelBase(m_context.panelUrl), QUrl::StrictMode);
    if (!base.isValid() || (base.scheme() != u"http" && base.scheme() != u"https") || base.host().isEmpty()) {
        showNotice(tr("The panel's address %1 is not an http(s) address like https://panel.example.net.")
                       .arg(m_context.panelUrl));
        return;
    }
    if (!m_context.backend) {
        open(domain, m_context.bindDn);
        return;
    }
    // As `ispman panel link`: whoever may manage the domain's content may open its panel.
    m_notice->setText(tr("Opening the panel of %1…").arg(domain));
    m_stack->setCurrentWidget(m_notice);
    m_context.backend->run<QString>(
        this,
        [domain](DirectorySession &s) -> OpResult<QString> {
            auto login = authorizePanelLogin(s, domain);
            if (!login.ok())
                return login.error();
            return login->by;
        },
        [this, domain](OpResult<QString> by) {
            if (domain != m_domain)
                return; // another domain was asked for meanwhile
            if (!by.ok()) {
                showNotice(by.error().message);
                return;
            }
            open(domain, *by);
        },
        Backend::Wait::No);
}

void CustomerView::open(const QString &domain, const QString &by)
{
    const QUrl link = loginLink(domain, by);
    if (link.isEmpty()) {
        showNotice(tr("The login link could not be signed with the panel's key."));
        return;
    }
    m_stack->setCurrentWidget(m_view);
    m_view->load(link);
}

} // namespace Isp::Console
