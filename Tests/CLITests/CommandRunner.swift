import Foundation

/// Runs the built `feedmerge` executable and captures what it prints.
struct CommandRunner {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// The folder of the executables, next to the test bundle (SwiftPM builds every product
    /// for `swift test`).
    static let products: URL = {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        // `.../debug/feedmergePackageTests.xctest` (a file on Linux, a bundle on macOS).
        while folder.pathExtension == "xctest" || folder.lastPathComponent == "MacOS" || folder.lastPathComponent == "Contents" {
            folder.deleteLastPathComponent()
        }
        return folder
    }()

    /// Runs `program` (a product of the package) with `arguments`, `input` on its standard input.
    static func run(
        _ arguments: [String], program: String = "feedmerge", input: String? = nil,
        environment: [String: String] = [:], directory: URL? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = products.appendingPathComponent(program)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["FEEDMERGE_CONFIG"] = nil
        env["NO_COLOR"] = "1"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let stdin = Pipe()
        process.standardInput = stdin
        try process.run()
        // Small inputs only: written whole before the output is read.
        stdin.fileHandleForWriting.write(Data((input ?? "").utf8))
        try stdin.fileHandleForWriting.close()
        // Read both pipes before waiting so a large output cannot block the child.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }
}

/// A temporary folder with a config file pointing at a database inside it.
final class Workspace {
    let folder: URL
    var configPath: String { folder.appendingPathComponent("feedmerge.toml").path }
    var databasePath: String { folder.appendingPathComponent("feedmerge.sqlite").path }

    init(config: String = "[store]\npath = \"feedmerge.sqlite\"\n") throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("feedmerge-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try config.write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    func write(_ name: String, _ contents: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try contents.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func run(_ arguments: [String]) throws -> CommandRunner.Result {
        try CommandRunner.run(["--config", configPath] + arguments)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }
}
