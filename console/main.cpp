// ispman-console: the admins' desktop console. Connects (a saved profile, or --uri/--base/
// --bind-dn/--password-file as the demo does), then shows the live tree of the ISP.
#include "console/consoleapp.h"

#include <QApplication>
#include <QIcon>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("ispman-console"));
    QApplication::setOrganizationName(QStringLiteral("ISPMan"));
    QApplication::setApplicationDisplayName(QStringLiteral("ISPMan"));
    QApplication::setApplicationVersion(QStringLiteral(ISPMAN_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("ispman-console"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/console/ispman.svg")));
    return Isp::Console::runConsole(app);
}
