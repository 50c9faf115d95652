// HandlerFixture: what a handler test needs: a private directory with the sample ISP, an admin
// session to make changes through core (as the console would), a session bound as the host's
// agent (its password set with HostOps::setPassword, so the tests also prove the agent's access
// rules let it read what it needs), an AgentConfig whose root is a temporary folder, and the
// HandlerContext built from them. processes() returns what core queued for the host, and
// runAll() runs them through a handler and deletes the done ones, as the agent would.
// Header-only; tests link ispman-agent-lib and ispman-test-support.
#pragma once

#include "agent/handler.h"
#include "core/ops/hostops.h"
#include "tests/support/testdirectory.h"

#include <QDir>
#include <QTemporaryDir>

#include <algorithm>
#include <memory>

namespace Isp::Test {

class HandlerFixture
{
public:
    // `host`: the sample host the agent runs as (web1.example.net, mail1.example.net, ns1.example.net).
    bool start(QString *error, const QString &host)
    {
        if (!m_dir.start(error, true))
            return false;
        if (!m_tmp.isValid()) {
            *error = QStringLiteral("cannot create a temporary folder");
            return false;
        }
        m_host = host;
        m_admin = std::make_unique<Core::DirectorySession>(m_dir->adminSettings(), Core::Dit(m_dir->base()));
        auto pw = Core::HostOps::setPassword(*m_admin, host, QStringLiteral("agent-secret-1"));
        if (!pw.ok()) {
            *error = pw.error().message;
            return false;
        }
        Core::LdapConnectionSettings s = m_dir.rootSettings();
        s.bindDn = m_admin->dit().host(host).toString();
        s.password = "agent-secret-1";
        m_agent = std::make_unique<Core::DirectorySession>(s, Core::Dit(m_dir->base()));
        if (auto me = m_agent->whoAmI(); !me.ok()) {
            *error = QStringLiteral("the agent cannot bind: ") + me.error().toString();
            return false;
        }
        m_config.hostName = host;
        m_config.uris = {m_dir->uri()};
        m_config.base = m_dir->base().toString();
        m_config.root = m_tmp.path() + QStringLiteral("/root");
        m_config.stateDir = m_tmp.path() + QStringLiteral("/state");
        m_config.files.chown = false; // tests do not depend on running as root
        QDir().mkpath(m_config.root);
        m_paths = Agent::RootedPaths(m_config.root);
        return true;
    }

    TestDirectory &directory() { return m_dir; }
    Core::DirectorySession &admin() { return *m_admin; }
    Core::DirectorySession &agent() { return *m_agent; }
    Agent::AgentConfig &config() { return m_config; }
    [[nodiscard]] QString host() const { return m_host; }
    [[nodiscard]] QString tempPath() const { return m_tmp.path(); }
    // Where the agent writes `absolute` (root + absolute).
    [[nodiscard]] QString path(const QString &absolute) const { return m_config.root + absolute; }
    Agent::ServiceReloader &reloader() { return m_reloader; }

    Agent::HandlerContext context()
    {
        m_paths = Agent::RootedPaths(m_config.root);
        return Agent::HandlerContext{*m_agent, m_config, m_paths, m_commands, m_reloader, m_host, {m_host}};
    }

    // The processes queued for this host (optionally only `name`), in pid order.
    QList<Core::Process> processes(const QString &name = {})
    {
        QList<Core::LdapFilter> parts{Core::LdapFilter::objectClass(QStringLiteral("ispmanProcesses")),
                                      Core::LdapFilter::equals(QStringLiteral("ispmanHostName"), m_host)};
        if (!name.isEmpty())
            parts << Core::LdapFilter::equals(QStringLiteral("ispmanProcess"), name);
        auto found = m_admin->find(m_admin->dit().processes(), Core::LdapFilter::allOf(parts));
        QList<Core::Process> out;
        if (found.ok()) {
            for (const Core::LdapEntry &e : std::as_const(*found))
                out << Core::Process::fromEntry(e);
        }
        std::sort(out.begin(), out.end(), [](const Core::Process &a, const Core::Process &b) { return a.pid < b.pid; });
        return out;
    }

    // Runs every queued process of this host that `handler` takes, in priority then pid order,
    // and deletes those that succeeded; returns the outcomes of those that failed (with pid).
    QList<std::pair<qint64, Agent::Outcome>> runAll(Agent::Handler &handler)
    {
        QList<Core::Process> todo;
        for (const Core::Process &p : processes()) {
            if (handler.processes().contains(p.name))
                todo << p;
        }
        std::stable_sort(todo.begin(), todo.end(), [](const Core::Process &a, const Core::Process &b) { return a.priority < b.priority; });
        QList<std::pair<qint64, Agent::Outcome>> failures;
        Agent::HandlerContext ctx = context();
        for (const Core::Process &p : std::as_const(todo)) {
            const Agent::Outcome o = handler.run(p, ctx);
            if (o.ok)
                (void)m_admin->remove(m_admin->dit().process(p.pid));
            else
                failures.append({p.pid, o});
        }
        return failures;
    }

private:
    TestDirectory m_dir;
    QTemporaryDir m_tmp{QDir::tempPath() + QStringLiteral("/ispman-agent-test-XXXXXX")};
    QString m_host;
    std::unique_ptr<Core::DirectorySession> m_admin;
    std::unique_ptr<Core::DirectorySession> m_agent;
    Agent::AgentConfig m_config;
    Agent::RootedPaths m_paths;
    Agent::CommandRunner m_commands;
    Agent::ServiceReloader m_reloader{m_commands};
};

} // namespace Isp::Test
