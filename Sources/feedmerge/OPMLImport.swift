import ArgumentParser
import Foundation
import FeedConfig
import FeedModel
import FeedParse

/// `import --opml`: subscriptions from another reader become `[[source]]` tables.
struct OPMLImport {
    let path: String
    let append: Bool
    let options: GlobalOptions

    func run() throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file"
            Terminal.printError("\(path): cannot read: \(reason)")
            throw ExitCode(66)  // EX_NOINPUT
        }
        let outlines: [OPMLOutline]
        do {
            outlines = try OPMLReader.outlines([UInt8](data), location: path)
        } catch {
            Terminal.printError("\(error)")
            throw ExitCode(65)  // EX_DATAERR
        }
        // Without a config yet, printing still works: nothing is known, everything is new.
        let config = append ? try options.loadConfig() : try? ConfigLoader.load(explicit: options.config)
        var names = Set(config?.sources.map(\.name) ?? [])
        var urls = Set(config?.sources.map(\.url) ?? [])
        var text = ""
        var added = 0, known = 0
        for outline in outlines {
            guard urls.insert(outline.url).inserted else {
                known += 1
                continue
            }
            let name = Self.uniqueName(outline.title, taken: &names)
            let folder = outline.folders.isEmpty ? nil : "from OPML folder: " + outline.folders.joined(separator: " / ")
            text += SourceTOML.table(name: name, url: outline.url, kind: outline.isFeed ? .feed : .page, comment: folder)
            added += 1
        }
        if append, let config {
            do {
                let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: config.file))
                defer { try? handle.close() }
                try handle.seekToEnd()
                try handle.write(contentsOf: Data(text.utf8))
            } catch {
                Terminal.printError("\(config.file): cannot append: \(error.localizedDescription)")
                throw ExitCode(73)  // EX_CANTCREAT
            }
            Terminal.printError("appended \(added) sources to \(config.file) (\(known) already configured); `feedmerge check-config` to verify, SIGHUP or restart the daemon to start them")
        } else {
            print(text, terminator: "")
            Terminal.printError("\(added) sources (\(known) already configured)")
        }
    }

    /// `title`, or `title (2)`, `title (3)`... if taken (names are unique in the config).
    static func uniqueName(_ title: String, taken: inout Set<String>) -> String {
        let base = title.split(whereSeparator: \.isNewline).joined(separator: " ")
        var name = base
        var counter = 2
        while taken.contains(name) {
            name = "\(base) (\(counter))"
            counter += 1
        }
        taken.insert(name)
        return name
    }
}
