// WebHandler: the Apache side of websites. Each website this host serves (its webHost names one
// of the host's names) gets one file, <web.vhost-dir>/<serverName>[_<port>].conf, holding its
// <VirtualHost>: names (aliases, foreign names, "<name>.<replica>" for each replica of its
// domain), document root and CGI directory below its home, redirects, protected locations
// checked by Apache against the directory (mod_authnz_ldap, bound as the "apache" service
// account: no password copies on disk), its extra configuration, its logs; a suspended site
// answers 503 with a short notice. Every value read from the directory is validated again before
// it is written (the directory is untrusted input); a refused value fails the process and the
// previous file stays.
//
// A new file is written to a name Apache's Include does not match, moved into place and checked
// with web.test (apache2 -t checks the whole configuration); if Apache refuses it the previous
// file is put back and the process fails with Apache's message. Then web.reload, only when a file
// changed (or an earlier reload failed). Files of sites this host no longer serves are removed;
// only files that carry this handler's first line are ever removed.
//
// Threads: run() and reconcile() may run at once on several worker threads. One lock orders the
// file changes: a change and its check hold it alone, reloads share it, so Apache never reloads
// while an unchecked file is in place.
#pragma once

#include "agent/handler.h"

#include <atomic>
#include <shared_mutex>

namespace Isp::Agent {

class WebHandler : public Handler
{
public:
    [[nodiscard]] QString service() const override;
    [[nodiscard]] QStringList processes() const override;
    Outcome run(const Core::Process &process, HandlerContext &context) override;
    ReconcileReport reconcile(HandlerContext &context) override;

    // The first line of every file this handler writes; files without it are never removed.
    static QString marker();

private:
    // Puts `content` into `dir/fileName` if it differs, checked by web.test; true when it
    // changed, or why not (the previous file is back in place).
    Core::Result<bool, QString> install(
        const QString &dir, const QString &fileName, const QByteArray &content, const HandlerContext &context);
    // Removes `dir/fileName` if this handler wrote it; true when it did.
    Core::Result<bool, QString> uninstall(const QString &dir, const QString &fileName);
    // web.reload when `changed` or a reload is still owed; empty, or why it failed.
    QString reload(bool changed, HandlerContext &context);

    std::shared_mutex m_files;
    std::atomic<bool> m_reloadOwed { false };
};

} // namespace Isp::Agent
