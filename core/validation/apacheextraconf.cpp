#include "core/validation/apacheextraconf.h"

#include "core/validation/url.h"
#include "core/validation/validationinternal_p.h"

#include <QRegularExpression>

#include <functional>

using namespace Qt::StringLiterals;

namespace Isp::Core::Validate {

using namespace Internal;

namespace {

struct Token
{
    QString text;
    bool quoted = false;
};

using Check = std::optional<Problem>;

Problem bad(const QString &rule, const QString &reason)
{
    return Problem{rule, reason};
}

// Splits at spaces; "..." is one token (no quote or backslash inside).
Result<QList<Token>, Problem> tokenize(QStringView line)
{
    QList<Token> out;
    qsizetype i = 0;
    while (i < line.size()) {
        if (line.at(i) == u' ') {
            ++i;
            continue;
        }
        Token t;
        if (line.at(i) == u'"') {
            const qsizetype close = line.indexOf(u'"', i + 1);
            if (close < 0)
                return bad(u"quote"_s, u"a quoted argument is not closed"_s);
            t.text = line.mid(i + 1, close - i - 1).toString();
            t.quoted = true;
            if (t.text.contains(u'\\'))
                return bad(u"quote"_s, u"quoted arguments may not contain backslashes"_s);
            i = close + 1;
            if (i < line.size() && line.at(i) != u' ')
                return bad(u"quote"_s, u"a quoted argument must be followed by a space"_s);
        } else {
            qsizetype end = line.indexOf(u' ', i);
            if (end < 0)
                end = line.size();
            t.text = line.mid(i, end - i).toString();
            if (t.text.contains(u'"'))
                return bad(u"quote"_s, u"quotes may only enclose a whole argument"_s);
            i = end;
        }
        out << t;
    }
    return out;
}

bool matches(const QString &pattern, const QString &text)
{
    const QRegularExpression re(QRegularExpression::anchoredPattern(pattern));
    return re.match(text).hasMatch();
}

const QString kMime = u"[a-z0-9][a-z0-9.+-]*/[a-z0-9][a-z0-9.+*-]*"_s;
const QString kExtension = u"\\.?[A-Za-z0-9_-]{1,32}"_s;

Check countIs(const QList<Token> &args, qsizetype min, qsizetype max, const QString &usage)
{
    if (args.size() < min || args.size() > max)
        return bad(u"arguments"_s, u"expected %1"_s.arg(usage));
    return std::nullopt;
}

Check unquoted(const QList<Token> &args)
{
    for (const Token &t : args) {
        if (t.quoted)
            return bad(u"quote"_s, u"this directive takes no quoted arguments"_s);
    }
    return std::nullopt;
}

Check redirectTarget(const QString &value, bool backReferences)
{
    auto u = httpUrl(u"url"_s, value, backReferences);
    if (!u.ok())
        return bad(u"url"_s, u"the target must be an http:// or https:// URL (%1)"_s.arg(u.error().message.mid(5)));
    return std::nullopt;
}

Check localPath(const QString &value)
{
    auto p = urlPath(u"path"_s, value);
    if (!p.ok())
        return bad(u"path"_s, u"the path must be a URL path like /old (%1)"_s.arg(p.error().message.mid(6)));
    return std::nullopt;
}

Check expiresTime(const Token &t)
{
    if (!t.quoted && matches(u"[AM][0-9]{1,10}"_s, t.text))
        return std::nullopt;
    const QString unit = u"(years?|months?|weeks?|days?|hours?|minutes?|seconds?)"_s;
    if (t.quoted && matches(u"(access|now|modification)( plus)?( [0-9]{1,6} %1)+"_s.arg(unit), t.text))
        return std::nullopt;
    return bad(u"arguments"_s, u"an expiry time is A<seconds>, M<seconds> or \"access plus 1 month\""_s);
}

const QStringList &safeHeaders()
{
    static const QStringList names{
        u"Access-Control-Allow-Credentials"_s, u"Access-Control-Allow-Headers"_s, u"Access-Control-Allow-Methods"_s,
        u"Access-Control-Allow-Origin"_s, u"Access-Control-Expose-Headers"_s, u"Access-Control-Max-Age"_s,
        u"Cache-Control"_s, u"Content-Language"_s, u"Content-Security-Policy"_s,
        u"Content-Security-Policy-Report-Only"_s, u"Cross-Origin-Embedder-Policy"_s, u"Cross-Origin-Opener-Policy"_s,
        u"Cross-Origin-Resource-Policy"_s, u"Expires"_s, u"Permissions-Policy"_s, u"Pragma"_s, u"Referrer-Policy"_s,
        u"Strict-Transport-Security"_s, u"Vary"_s, u"X-Content-Type-Options"_s, u"X-Frame-Options"_s,
        u"X-Robots-Tag"_s, u"X-XSS-Protection"_s};
    return names;
}

Check header(const QList<Token> &args, QStringList *canonical)
{
    qsizetype i = 0;
    if (!args.isEmpty() && !args.first().quoted
        && (args.first().text.compare(u"always"_s, Qt::CaseInsensitive) == 0
            || args.first().text.compare(u"onsuccess"_s, Qt::CaseInsensitive) == 0))
        ++i;
    if (i >= args.size())
        return bad(u"arguments"_s, u"expected Header [always] set|append|merge|add|unset <name> [value]"_s);
    const QString action = args.at(i).text.toLower();
    static const QStringList actions{u"set"_s, u"append"_s, u"merge"_s, u"add"_s, u"unset"_s};
    if (args.at(i).quoted || !actions.contains(action))
        return bad(u"header"_s, u"the Header action must be set, append, merge, add or unset"_s);
    ++i;
    if (i >= args.size())
        return bad(u"arguments"_s, u"Header %1 needs a header name"_s.arg(action));
    const QString name = args.at(i).text;
    const auto it = std::find_if(safeHeaders().cbegin(), safeHeaders().cend(),
                                 [&](const QString &h) { return h.compare(name, Qt::CaseInsensitive) == 0; });
    if (args.at(i).quoted || it == safeHeaders().cend())
        return bad(u"header"_s, u"%1 is not a header a site may change (Cache-Control, Expires, Vary, the CORS, CSP and security headers may; docs/validation.md lists them)"_s.arg(quoted(name)));
    ++i;
    const qsizetype values = args.size() - i;
    if (action == u"unset" ? values != 0 : values != 1)
        return bad(u"arguments"_s, action == u"unset" ? u"Header unset takes only the header name"_s
                                                       : u"Header %1 takes the header name and one value (quote it when it has spaces)"_s.arg(action));
    if (values == 1) {
        const QString &v = args.at(i).text;
        if (v.isEmpty() || v.size() > 500)
            return bad(u"header"_s, u"a header value has 1 to 500 characters"_s);
        if (v.contains(u'%') || v.contains(u'\\'))
            return bad(u"header"_s, u"a header value may not contain '%' (format strings) or backslashes"_s);
        if (v.startsWith(u"expr="_s, Qt::CaseInsensitive) || v.startsWith(u"env="_s, Qt::CaseInsensitive))
            return bad(u"header"_s, u"conditions (expr=, env=) are not allowed"_s);
    }
    *canonical = {u"Header"_s};
    return std::nullopt;
}

const QStringList &phpSettings()
{
    static const QStringList names{
        u"date.timezone"_s, u"default_charset"_s, u"display_errors"_s, u"display_startup_errors"_s,
        u"error_reporting"_s, u"html_errors"_s, u"log_errors"_s, u"max_execution_time"_s, u"max_file_uploads"_s,
        u"max_input_time"_s, u"max_input_vars"_s, u"mbstring.language"_s, u"memory_limit"_s, u"output_buffering"_s,
        u"post_max_size"_s, u"session.cookie_httponly"_s, u"session.cookie_lifetime"_s, u"session.cookie_samesite"_s,
        u"session.cookie_secure"_s, u"session.gc_maxlifetime"_s, u"session.use_strict_mode"_s,
        u"short_open_tag"_s, u"upload_max_filesize"_s, u"zlib.output_compression"_s};
    return names;
}

Check php(bool flag, const QList<Token> &args)
{
    if (args.size() != 2)
        return bad(u"arguments"_s, flag ? u"expected php_flag <name> On|Off"_s : u"expected php_value <name> <value>"_s);
    const QString name = args.at(0).text;
    if (args.at(0).quoted || !phpSettings().contains(name))
        return bad(u"php-setting"_s, u"%1 is not a PHP setting that may be changed here (allowed: %2)"_s.arg(quoted(name), phpSettings().join(u", "_s)));
    const QString value = args.at(1).text;
    if (flag) {
        if (!matches(u"(?i)(on|off|true|false|yes|no|0|1)"_s, value))
            return bad(u"php-setting"_s, u"php_flag takes On or Off"_s);
    } else if (!matches(u"[A-Za-z0-9_./+~&| -]{1,100}"_s, value)) {
        return bad(u"php-setting"_s, u"a PHP value has 1 to 100 characters of A-Z a-z 0-9 _ . / + ~ & | - and spaces"_s);
    }
    return std::nullopt;
}

const QStringList &redirectStatuses()
{
    static const QStringList s{u"permanent"_s, u"temp"_s, u"seeother"_s, u"gone"_s};
    return s;
}

// Redirect / RedirectMatch: [status] source [target].
Check redirect(const QList<Token> &args, bool match)
{
    if (auto q = unquoted(args))
        return q;
    QList<Token> rest = args;
    QString status;
    if (!rest.isEmpty() && (redirectStatuses().contains(rest.first().text.toLower()) || matches(u"[0-9]{3}"_s, rest.first().text))) {
        status = rest.takeFirst().text.toLower();
        if (matches(u"[0-9]{3}"_s, status)) {
            const int code = status.toInt();
            if (code < 300 || (code > 308 && code != 410))
                return bad(u"status"_s, u"a redirect status is 301-308 or 410, or permanent, temp, seeother, gone"_s);
        }
    }
    const bool gone = status == u"gone" || status == u"410";
    if (rest.size() != (gone ? 1 : 2))
        return bad(u"arguments"_s, gone ? u"a \"gone\" redirect takes only the path"_s
                                         : u"expected %1 [status] <%2> <http(s) URL>"_s.arg(match ? u"RedirectMatch"_s : u"Redirect"_s,
                                                                                             match ? u"regex"_s : u"/path"_s));
    if (match) {
        const QString &re = rest.first().text;
        if (re.size() > 200 || !matches(u"[A-Za-z0-9^$.*+?()\\[\\]{}|/_~:@!,;=&%\\\\-]+"_s, re))
            return bad(u"arguments"_s, u"the regular expression may have at most 200 characters of letters, digits and ^$.*+?()[]{}|/_~:@!,;=&%\\-"_s);
        if (!QRegularExpression(re).isValid())
            return bad(u"arguments"_s, u"the regular expression is not valid"_s);
    } else if (auto p = localPath(rest.first().text)) {
        return p;
    }
    if (!gone) {
        if (auto t = redirectTarget(rest.at(1).text, match))
            return t;
    }
    return std::nullopt;
}

struct Directive
{
    QString name;
    std::function<Check(const QList<Token> &)> check;
};

const QList<Directive> &directives()
{
    static const QList<Directive> list{
        {u"DirectoryIndex"_s,
         [](const QList<Token> &a) -> Check {
             if (a.isEmpty() || a.size() > 10)
                 return bad(u"arguments"_s, u"expected 1 to 10 file names"_s);
             for (const Token &t : a) {
                 if (t.quoted || t.text.startsWith(u'.') || !matches(u"[A-Za-z0-9._-]{1,100}"_s, t.text))
                     return bad(u"arguments"_s, u"index files are plain file names like index.php (letters, digits, . _ -)"_s);
             }
             return std::nullopt;
         }},
        {u"ErrorDocument"_s,
         [](const QList<Token> &a) -> Check {
             if (auto c = countIs(a, 2, 2, u"ErrorDocument <status> </path or http(s) URL>"_s))
                 return c;
             if (auto q = unquoted(a))
                 return q;
             if (!matches(u"[45][0-9][0-9]"_s, a.at(0).text))
                 return bad(u"status"_s, u"the status is an HTTP error code 400-599"_s);
             const QString &target = a.at(1).text;
             return target.startsWith(u'/') ? localPath(target) : redirectTarget(target, false);
         }},
        {u"AddType"_s,
         [](const QList<Token> &a) -> Check {
             if (auto c = countIs(a, 2, 20, u"AddType <type/subtype> <.ext>..."_s))
                 return c;
             if (auto q = unquoted(a))
                 return q;
             if (!matches(kMime, a.at(0).text.toLower()))
                 return bad(u"arguments"_s, u"%1 is not a MIME type like text/html"_s.arg(quoted(a.at(0).text)));
             for (qsizetype i = 1; i < a.size(); ++i) {
                 if (!matches(kExtension, a.at(i).text))
                     return bad(u"arguments"_s, u"%1 is not a file extension like .html"_s.arg(quoted(a.at(i).text)));
             }
             return std::nullopt;
         }},
        {u"AddHandler"_s,
         [](const QList<Token> &a) -> Check {
             if (auto c = countIs(a, 2, 20, u"AddHandler <handler> <.ext>..."_s))
                 return c;
             if (auto q = unquoted(a))
                 return q;
             static const QStringList handlers{u"cgi-script"_s, u"type-map"_s, u"send-as-is"_s, u"imap-file"_s, u"server-parsed"_s};
             if (!handlers.contains(a.at(0).text.toLower()))
                 return bad(u"handler"_s, u"%1 is not an allowed handler (%2)"_s.arg(quoted(a.at(0).text), handlers.join(u", "_s)));
             for (qsizetype i = 1; i < a.size(); ++i) {
                 if (!matches(kExtension, a.at(i).text))
                     return bad(u"arguments"_s, u"%1 is not a file extension like .cgi"_s.arg(quoted(a.at(i).text)));
             }
             return std::nullopt;
         }},
        {u"AddDefaultCharset"_s,
         [](const QList<Token> &a) -> Check {
             if (auto c = countIs(a, 1, 1, u"AddDefaultCharset On|Off|<charset>"_s))
                 return c;
             if (a.first().quoted || !matches(u"[A-Za-z0-9_.:-]{1,40}"_s, a.first().text))
                 return bad(u"arguments"_s, u"the charset is On, Off or a name like UTF-8"_s);
             return std::nullopt;
         }},
        {u"Header"_s, [](const QList<Token> &a) -> Check {
             QStringList unused;
             return header(a, &unused);
         }},
        {u"ExpiresActive"_s,
         [](const QList<Token> &a) -> Check {
             if (a.size() != 1 || a.first().quoted || !matches(u"(?i)(on|off)"_s, a.first().text))
                 return bad(u"arguments"_s, u"expected ExpiresActive On|Off"_s);
             return std::nullopt;
         }},
        {u"ExpiresByType"_s,
         [](const QList<Token> &a) -> Check {
             if (auto c = countIs(a, 2, 2, u"ExpiresByType <type/subtype> <time>"_s))
                 return c;
             if (a.first().quoted || !matches(kMime, a.first().text.toLower()))
                 return bad(u"arguments"_s, u"%1 is not a MIME type like image/png"_s.arg(quoted(a.first().text)));
             return expiresTime(a.at(1));
         }},
        {u"ExpiresDefault"_s,
         [](const QList<Token> &a) -> Check {
             if (auto c = countIs(a, 1, 1, u"ExpiresDefault <time>"_s))
                 return c;
             return expiresTime(a.first());
         }},
        {u"Redirect"_s, [](const QList<Token> &a) { return redirect(a, false); }},
        {u"RedirectMatch"_s, [](const QList<Token> &a) { return redirect(a, true); }},
        {u"RedirectPermanent"_s,
         [](const QList<Token> &a) -> Check {
             if (auto c = countIs(a, 2, 2, u"RedirectPermanent </path> <http(s) URL>"_s))
                 return c;
             if (auto q = unquoted(a))
                 return q;
             if (auto p = localPath(a.at(0).text))
                 return p;
             return redirectTarget(a.at(1).text, false);
         }},
        {u"RedirectTemp"_s,
         [](const QList<Token> &a) -> Check {
             if (auto c = countIs(a, 2, 2, u"RedirectTemp </path> <http(s) URL>"_s))
                 return c;
             if (auto q = unquoted(a))
                 return q;
             if (auto p = localPath(a.at(0).text))
                 return p;
             return redirectTarget(a.at(1).text, false);
         }},
        {u"php_value"_s, [](const QList<Token> &a) { return php(false, a); }},
        {u"php_flag"_s, [](const QList<Token> &a) { return php(true, a); }},
    };
    return list;
}

// Directives refused with a rule of their own, so the message says why.
std::optional<Problem> forbidden(const QString &name)
{
    const QString n = name.toLower();
    if (n == u"include" || n == u"includeoptional")
        return bad(u"include"_s, u"%1 is not allowed: it would read other files into the configuration"_s.arg(name));
    if (n == u"loadmodule" || n == u"loadfile")
        return bad(u"load-module"_s, u"%1 is not allowed: modules are the server's business"_s.arg(name));
    if (n == u"alias" || n == u"scriptalias" || n == u"aliasmatch" || n == u"scriptaliasmatch")
        return bad(u"alias"_s, u"%1 is not allowed: it maps URLs to file-system paths outside the website"_s.arg(name));
    if (n.startsWith(u"php_admin"))
        return bad(u"php-setting"_s, u"%1 is not allowed: use php_value or php_flag"_s.arg(name));
    return std::nullopt;
}

} // namespace

Validated<QStringList> apacheExtraConfig(const QString &field, const QString &text)
{
    const auto lineError = [&](qsizetype number, const Problem &p) {
        return ValidationError{field, p.rule, u"%1: line %2: %3"_s.arg(field).arg(number).arg(p.reason)};
    };
    QStringList lines = text.split(u'\n');
    while (!lines.isEmpty() && lines.last().trimmed().isEmpty())
        lines.removeLast();
    if (lines.size() > MaxExtraConfigLines)
        return ValidationError{field, u"lines"_s, u"%1: it has %2 lines; at most %3 are allowed"_s.arg(field).arg(lines.size()).arg(MaxExtraConfigLines)};
    QStringList out;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const qsizetype number = i + 1;
        const QString &raw = lines.at(i);
        for (const QChar c : raw) {
            if (c.unicode() < 0x20 || c.unicode() == 0x7f)
                return lineError(number, bad(u"control-character"_s, u"it contains a control character (U+%1); tabs and carriage returns are refused too"_s.arg(uint(c.unicode()), 4, 16, QLatin1Char('0'))));
            if (c.unicode() > 0x7e)
                return lineError(number, bad(u"ascii"_s, u"it contains a character outside printable ASCII; percent-encode URLs"_s));
        }
        if (raw.size() > MaxExtraConfigLineLength)
            return lineError(number, bad(u"length"_s, u"it has %1 characters; at most %2 are allowed"_s.arg(raw.size()).arg(MaxExtraConfigLineLength)));
        const QString line = raw.trimmed();
        if (line.isEmpty() || line.startsWith(u'#')) {
            out << line;
            continue;
        }
        if (line.endsWith(u'\\'))
            return lineError(number, bad(u"continuation"_s, u"a line may not end with '\\' (continuation lines are not allowed)"_s));
        if (line.startsWith(u'<'))
            return lineError(number, bad(u"section"_s, u"sections (<Directory>, <Location>, <If>, ...) are not allowed"_s));
        const qsizetype space = line.indexOf(u' ');
        const QString name = space < 0 ? line : line.left(space);
        if (auto f = forbidden(name))
            return lineError(number, *f);
        const auto it = std::find_if(directives().cbegin(), directives().cend(),
                                     [&](const Directive &d) { return d.name.compare(name, Qt::CaseInsensitive) == 0; });
        if (it == directives().cend()) {
            QStringList names;
            for (const Directive &d : directives())
                names << d.name;
            return lineError(number, bad(u"directive"_s, u"%1 is not an allowed directive (allowed: %2)"_s.arg(quoted(name.left(60)), names.join(u", "_s))));
        }
        const QString args = space < 0 ? QString() : line.mid(space + 1);
        auto tokens = tokenize(args);
        if (!tokens.ok())
            return lineError(number, tokens.error());
        if (auto problem = it->check(*tokens))
            return lineError(number, Problem{problem->rule, it->name + u": "_s + problem->reason});
        out << (space < 0 ? it->name : it->name + u' ' + args.trimmed());
    }
    return out;
}

} // namespace Isp::Core::Validate
