// ConsoleFixture: a private slapd with the sample ISP and the console's plumbing as
// ispman-console sets it up (an LdapConnection bound as the sample admin on the GUI thread,
// the LiveDirectory following the suffix, the Backend and the CommandStack), for the console's
// offscreen tests. Header-only. Call ISP_START_CONSOLE(fixture) in initTestCase().
//
// Sample admin: uid=ispman,ou=admins (adminSettings()); "another client" for live-update
// tests is a DirectorySession of its own (otherSession()).
#pragma once

#include "console/backend.h"
#include "console/command.h"
#include "console/consolecontext.h"
#include "console/livedirectory.h"
#include "tests/support/testdirectory.h"

#include <QAbstractItemModel>
#include <QSignalSpy>
#include <QTest>

#include <memory>

namespace Isp::Test {

// The row below `parent` whose first column reads `name` (invalid when there is none).
inline QModelIndex findRow(const QAbstractItemModel &model, const QModelIndex &parent, const QString &name)
{
    for (int r = 0; r < model.rowCount(parent); ++r) {
        const QModelIndex i = model.index(r, 0, parent);
        if (i.data().toString() == name)
            return i;
    }
    return {};
}

class ConsoleFixture
{
public:
    bool start(QString *error)
    {
        if (!m_directory.start(error, /*sampleData=*/true))
            return false;
        Core::LdapConnectionSettings admin = m_directory->adminSettings();
        admin.connectTimeout = std::chrono::milliseconds(3000);
        admin.maxBackoff = std::chrono::milliseconds(500);
        m_connection = std::make_unique<Core::LdapConnection>(admin);
        m_connection->open();
        m_live = std::make_unique<Console::LiveDirectory>(m_connection.get(), m_directory->base());
        m_live->start();
        if (!QTest::qWaitFor([this] { return m_live->isLive(); }, 10000)) {
            *error = QStringLiteral("the live directory did not start following the suffix");
            return false;
        }
        m_backend = std::make_unique<Console::Backend>(admin, Core::Dit(m_directory->base()), m_live.get());
        m_commands = std::make_unique<Console::CommandStack>(m_backend.get());
        m_context.live = m_live.get();
        m_context.backend = m_backend.get();
        m_context.commands = m_commands.get();
        m_context.dit = Core::Dit(m_directory->base());
        m_context.bindDn = admin.bindDn;
        m_context.confirmDestructive = false;
        return true;
    }

    [[nodiscard]] const Console::ConsoleContext &context() const { return m_context; }
    Console::LiveDirectory &live() { return *m_live; }
    Console::Backend &backend() { return *m_backend; }
    Console::CommandStack &commands() { return *m_commands; }
    TestDirectory &directory() { return m_directory; }
    [[nodiscard]] Core::Dit dit() { return Core::Dit(m_directory.directory().base()); }

    // A second client, as another admin's console or the CLI would be (root DN, own session).
    Core::DirectorySession &otherSession()
    {
        if (!m_other)
            m_other = std::make_unique<Core::DirectorySession>(m_directory->adminSettings(), dit());
        return *m_other;
    }

    // Loads the level below `dn` into the live view and waits for it.
    bool loadLevel(const Core::LdapDn &dn, int timeoutMs = 10000)
    {
        m_live->load(dn);
        return QTest::qWaitFor([&] { return m_live->levelState(dn) == Console::LiveDirectory::LevelState::Loaded; },
                               timeoutMs);
    }

    // Runs `command` and waits for its result.
    Core::OpResult<Core::Done> execute(std::shared_ptr<Console::Command> command, int timeoutMs = 15000)
    {
        std::optional<Core::OpResult<Core::Done>> result;
        m_commands->execute(command, nullptr, [&](Core::OpResult<Core::Done> r) { result = std::move(r); });
        if (!QTest::qWaitFor([&] { return result.has_value(); }, timeoutMs))
            return Core::OpError::notFound(QStringLiteral("the command did not finish in time"));
        return *result;
    }

    ~ConsoleFixture()
    {
        m_commands.reset();
        m_backend.reset();
        m_live.reset();
        m_other.reset();
        m_connection.reset();
    }

private:
    TestDirectory m_directory;
    std::unique_ptr<Core::LdapConnection> m_connection;
    std::unique_ptr<Console::LiveDirectory> m_live;
    std::unique_ptr<Console::Backend> m_backend;
    std::unique_ptr<Console::CommandStack> m_commands;
    std::unique_ptr<Core::DirectorySession> m_other;
    Console::ConsoleContext m_context;
};

} // namespace Isp::Test

#define ISP_START_CONSOLE(fixture)                                                                                     \
    do {                                                                                                               \
        QString missing_;                                                                                              \
        if (!::Isp::Core::PrivateDirectory::toolsAvailable(&missing_))                                                 \
            QSKIP(qPrintable(QStringLiteral("slapd is not installed: ") + missing_));                                 \
        QString error_;                                                                                                \
        QVERIFY2((fixture).start(&error_), qPrintable(error_));                                                        \
    } while (false)
