// FilesHandler ("files"): the folders of domains, users and websites on a file server, as
// ISPMan 1.x made them (its create*/delete*Directories tasks), without 1.x's `rm -rf` of a path
// taken from the directory:
//
//   <domain home>               domain uidNumber:gidNumber  0755   (<defaultHomeDirectoryPath>/<domain>)
//     users/                    domain                      0711   traversable, not listable
//       <uid>/                  user                        0711   a user's homeDirectory
//         public_html/          user                        0755   (the userdirs feature)
//     vhosts/                   domain                      0755
//       <vhost>/                website                     0755   a website's homeDirectory
//         <documentRoot>/       website                     0755   (htdocs)
//         <scriptDir>/          website                     0755   (cgi-bin)
//         <statDir>/            website                     0755   (stats)
//         <logDir>/             root:website's gid          0750   (logs; Apache writes there as root,
//                                                                  so the customer must not own it)
//
// Each path is the object's own homeDirectory (and the website's folder attributes, relative
// to its home or absolute) as the directory has it *now*; owners are set only with
// [files] chown (the default). Every path goes through RootedPaths::mapUnder() with the
// configured home bases: an absolute path with no "."/".." components strictly inside one of
// them, or the process fails with the reason and nothing is touched. Below a base no symbolic
// link is ever followed (DirectoryTree).
//
// Deleting removes the home with everything in it, but only when the object is really gone:
// its DN and entryUUID are found nowhere, and no other object's homeDirectory is that path or
// lies below it in the domain holding it. Otherwise the home is left in place and the process
// is done (a re-created user keeps its files). A symbolic link or anything but a directory
// where the home was is refused, links inside are removed as links.
//
// An object's files belong to its fileHost, else its domain's ispmanDomainDefaultFileServer,
// else every member of fileservergroup (docs/processes.md); a process for an object that is
// placed elsewhere now does nothing. reconcile() recreates what is missing and corrects owners
// and modes of those folders; folders it does not know (a home without its object, a domain
// folder without its domain) are reported as problems and never removed: homes hold customer
// data, and only a delete process, which names its object, removes one.
//
// Stateless; run() and reconcile() may be called from several workers at once.
#pragma once

#include "agent/handler.h"

namespace Isp::Agent {

class FilesHandler : public Handler
{
public:
    [[nodiscard]] QString service() const override { return QStringLiteral("files"); }
    [[nodiscard]] QStringList processes() const override;
    Outcome run(const Core::Process &process, HandlerContext &context) override;
    ReconcileReport reconcile(HandlerContext &context) override;
};

} // namespace Isp::Agent
