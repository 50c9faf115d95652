#include "tests/support/testdirectory.h"

namespace Isp::Test {

TestDirectory::TestDirectory() : m_tmp(QDir::tempPath() + QStringLiteral("/ispman-test-XXXXXX")) {}

TestDirectory::~TestDirectory()
{
    if (m_directory)
        m_directory->stop();
}

bool TestDirectory::start(QString *error, bool sampleData, bool tls)
{
    if (!m_tmp.isValid()) {
        *error = QStringLiteral("cannot create a temporary folder");
        return false;
    }
    Core::PrivateDirectoryOptions options;
    options.directory = m_tmp.path();
    options.sampleData = sampleData;
    options.tls = tls;
    options.maxSizeBytes = qint64(1) << 30;
    m_directory = std::make_unique<Core::PrivateDirectory>(options);
    return m_directory->start(error);
}

Core::LdapConnectionSettings TestDirectory::rootSettings() const
{
    Core::LdapConnectionSettings s = m_directory->rootSettings();
    s.connectTimeout = std::chrono::milliseconds(2000);
    s.operationTimeout = std::chrono::milliseconds(30000);
    s.initialBackoff = std::chrono::milliseconds(20);
    s.maxBackoff = std::chrono::milliseconds(500);
    return s;
}

} // namespace Isp::Test
