// What a command reads from its command line and the files it names, turned into text for the
// operations: strict UTF-8 (argv and files are bytes; a lenient decode would hide damage), ids,
// options that were given or not, passwords (readPasswordFile) and text files (readInput). An
// Input keeps the first problem, so a command reads all of its input and then fails once, naming
// the field, before it connects: runOp(options, input, op, show). One per command invocation,
// on the main thread.
#pragma once

#include "cli/session.h"

#include <QString>
#include <QStringList>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace CLI {
class Option;
}

namespace Isp::Cli {

class Input
{
public:
    QString text(const QString &field, const std::string &value);
    QStringList texts(const QString &field, const std::vector<std::string> &values);

    // The option's value when it was given.
    std::optional<QString> given(const QString &field, const CLI::Option *option, const std::string &value);
    // A list option when it was given; given once with an empty value ("--web-host ''") means "none".
    std::optional<QStringList> givenList(
        const QString &field, const CLI::Option *option, const std::vector<std::string> &values);

    // A positive number (1 to Validate::MaxLimit), e.g. a reseller or client id.
    qint64 id(const QString &field, const std::string &value);

    // The password in `file` (readPasswordFile: "-" is the first line of standard input); empty
    // when no file was named. Errors name "<field>-file" (reading) or `field` (its text).
    QString secret(const std::string &file, const QString &field = QStringLiteral("password"));

    // The content of `file` ("-": standard input), at most `maxBytes` (readInput); errors name
    // `field`.
    QByteArray fileBytes(const std::string &file, qint64 maxBytes, const QString &field);
    // fileBytes() as text. Errors name `fileField` (reading, size) or `textField` (not UTF-8).
    QString fileText(const std::string &file, qint64 maxBytes, const QString &fileField, const QString &textField);

    [[nodiscard]] const std::optional<Core::OpError> &error() const { return m_error; }

private:
    QString decode(const QString &field, const QByteArray &bytes);
    void keep(const Core::OpError &error);

    std::optional<Core::OpError> m_error;
};

// The value of an --ftp option: "enabled" true, "disabled" false, anything else nullopt.
std::optional<bool> ftpStatus(const std::string &value);

// runOp() once the input is read: its first problem is the command's error (exit 1), reported
// before anything connects.
template<typename Op, typename Show> int runOp(const GlobalOptions &options, const Input &input, Op &&op, Show &&show)
{
    if (input.error())
        return fail(*input.error());
    return runOp(options, std::forward<Op>(op), std::forward<Show>(show));
}

} // namespace Isp::Cli
