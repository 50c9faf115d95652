// TestDirectory: a private slapd for one test, in a QTemporaryDir, on a free loopback port,
// removed with the fixture. Tests call ISP_START_DIRECTORY(fixture) in initTestCase(): it skips
// visibly when slapd is not installed and fails when it does not start.
#pragma once

#include "core/directory/privatedirectory.h"

#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace Isp::Test {

class TestDirectory
{
public:
    TestDirectory();
    ~TestDirectory();

    bool start(QString *error, bool sampleData = false, bool tls = false);
    Core::PrivateDirectory &directory() { return *m_directory; }
    Core::PrivateDirectory *operator->() { return m_directory.get(); }
    [[nodiscard]] QString folder() const { return m_tmp.path(); }
    // Root DN settings with short timeouts and backoff suited to tests.
    [[nodiscard]] Core::LdapConnectionSettings rootSettings() const;

private:
    QTemporaryDir m_tmp;
    std::unique_ptr<Core::PrivateDirectory> m_directory;
};

} // namespace Isp::Test

#define ISP_START_DIRECTORY(fixture, ...)                                                                              \
    do {                                                                                                               \
        QString missing_;                                                                                              \
        if (!::Isp::Core::PrivateDirectory::toolsAvailable(&missing_))                                                 \
            QSKIP(qPrintable(QStringLiteral("slapd is not installed: ") + missing_));                                 \
        QString error_;                                                                                                \
        QVERIFY2((fixture).start(&error_ __VA_OPT__(, ) __VA_ARGS__), qPrintable(error_));                             \
    } while (false)
