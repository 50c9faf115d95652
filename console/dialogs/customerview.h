// CustomerView: the console's "see it as the customer sees it" tab. It opens the customer panel
// as a domain's owner, with a short-lived login link signed with the panel's key — the same link
// `ispman panel link` prints — so an admin can check what a support call is about without the
// owner's password. The link names the admin (claim "by"), so the panel knows who acted.
//
// Each view has its own off-the-record browser profile: two tabs for two domains would otherwise
// share one panel cookie, and the second login would silently turn the first tab into the
// second domain. Without a configured panel (address or key missing) the view says how to
// configure it instead of showing a broken page.
//
// Thread affinity: GUI thread.
#pragma once

#include "console/consolecontext.h"

#include <QUrl>
#include <QWidget>

class QLabel;
class QStackedLayout;
class QWebEngineProfile;
class QWebEngineView;

namespace Isp::Console {

class CustomerView : public QWidget
{
    Q_OBJECT

public:
    explicit CustomerView(const ConsoleContext &context, QWidget *parent = nullptr);
    ~CustomerView() override;

    // Opens `domain`'s panel as its owner (after checking, when a backend is given, that the
    // admin may manage the domain's content, as `ispman panel link` does).
    void showDomain(const QString &domain);

    [[nodiscard]] QString domain() const { return m_domain; }
    [[nodiscard]] bool isConfigured() const;
    // The text shown instead of the page (not configured, not allowed...); empty while the page shows.
    [[nodiscard]] QString notice() const;
    [[nodiscard]] QWebEngineView *view() const { return m_view; }

    // The login link for `domain`, valid for `minutes` (empty when not configured).
    [[nodiscard]] QUrl loginLink(const QString &domain, const QString &by, int minutes = 2) const;

Q_SIGNALS:
    // The panel page finished loading (or failed to).
    void pageLoaded(bool ok);

private:
    void showNotice(const QString &text);
    void open(const QString &domain, const QString &by);

    ConsoleContext m_context;
    QString m_domain;
    QStackedLayout *m_stack;
    QLabel *m_notice;
    QWebEngineProfile *m_profile;
    QWebEngineView *m_view;
};

} // namespace Isp::Console
