#include "cli/panelcommands.h"

#include "core/acl/signedtoken.h"
#include "core/ops/panellink.h"

#include <QDateTime>
#include <QJsonObject>
#include <QUrl>

#include <CLI/CLI.hpp>

namespace Isp::Cli {

using namespace Core;

namespace {

constexpr int MaxLinkMinutes = 10;

struct Link
{
    QString domain;
    QString by;
    QString url;
    QDateTime expires;
};

} // namespace

void addPanelCommands(CLI::App &app, const GlobalOptions &o, int &exitCode)
{
    struct Args
    {
        std::string domain, secretFile, url = "http://127.0.0.1:8443";
        int minutes = 2;
    };
    auto a = std::make_shared<Args>();
    CLI::App *cmd = app.add_subcommand("panel", "The customer panel (ispman-panel)");
    cmd->require_subcommand(1);

    CLI::App *link = cmd->add_subcommand(
        "link", "Print a login link that opens a domain's panel as its owner (valid a few minutes)");
    link->add_option("domain", a->domain, "The domain")->required();
    link->add_option("--secret-file", a->secretFile, "The panel's secret key (panel.secret-file)")->required();
    link->add_option("--url", a->url, "The panel's address as the browser reaches it")->capture_default_str();
    link->add_option("--minutes", a->minutes, "How long the link is valid (1-10)")->capture_default_str();
    link->callback([a, &o, &exitCode] {
        if (a->minutes < 1 || a->minutes > MaxLinkMinutes) {
            exitCode = usage(QStringLiteral("--minutes: must be 1-%1").arg(MaxLinkMinutes));
            return;
        }
        QString base = qs(a->url);
        while (base.endsWith(QLatin1Char('/')))
            base.chop(1);
        const QUrl url(base, QUrl::StrictMode);
        if (!url.isValid() || (url.scheme() != u"http" && url.scheme() != u"https") || url.host().isEmpty()
            || url.hasQuery() || url.hasFragment()) {
            exitCode = usage(QStringLiteral("--url: expected the panel's address, e.g. https://panel.example.net"));
            return;
        }
        // The key first: a wrong file is the caller's mistake, found without the directory.
        QString error;
        const auto key = SignedToken::readKeyFile(qs(a->secretFile), &error);
        if (!key) {
            exitCode = fail(OpError::invalid(QStringLiteral("secret-file"), QStringLiteral("secret-file: ") + error));
            return;
        }
        exitCode = runOp(
            o,
            [&](DirectorySession &s) -> OpResult<Link> {
                auto login = authorizePanelLogin(s, qs(a->domain));
                if (!login.ok())
                    return login.error();
                Link l;
                l.domain = login->domain;
                l.by = login->by;
                l.expires = QDateTime::currentDateTimeUtc().addSecs(qint64(a->minutes) * 60);
                l.url = panelLoginLink(*key, url.toString(), *login, l.expires);
                return l;
            },
            [&](const Link &l) {
                return print(o,
                    QJsonObject { { QStringLiteral("url"), l.url }, { QStringLiteral("domain"), l.domain },
                        { QStringLiteral("by"), l.by },
                        { QStringLiteral("expires"), l.expires.toString(Qt::ISODate) } },
                    l.url);
            });
    });
}

} // namespace Isp::Cli
