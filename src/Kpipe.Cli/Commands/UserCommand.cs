using System.CommandLine;
using Kpipe.Broker.Security;
using Spectre.Console;

namespace Kpipe.Cli.Commands;

/// <summary><c>kpipe user add|remove|list</c>: the SASL users of a credentials file, kept as salted SCRAM hashes only.</summary>
internal static class UserCommand
{
    public static Command Create()
    {
        var addName = new Argument<string>("name") { Description = "User name" };
        var addFile = CredentialsOption();
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from the first line of standard input" };
        var password = new Option<string?>("--password") { Description = "The password (visible to other local users in the process list; prefer --password-stdin)" };
        var iterations = new Option<int>("--iterations") { Description = $"SCRAM iterations, {ScramMechanism.MinIterations} to {ScramMechanism.MaxIterations}", DefaultValueFactory = _ => ScramMechanism.MinIterations };
        var add = new Command("add", "Add a user, or set a new password for an existing one (no password is stored, only salted hashes)") { addName, addFile, passwordStdin, password, iterations };
        add.SetAction(parse => Add(parse.GetValue(addFile)!, parse.GetValue(addName)!, ReadPassword(parse.GetValue(passwordStdin), parse.GetValue(password)), parse.GetValue(iterations)));

        var removeName = new Argument<string>("name") { Description = "User name" };
        var removeFile = CredentialsOption();
        var remove = new Command("remove", "Remove a user; a running broker refuses its next login") { removeName, removeFile };
        remove.SetAction(parse => Remove(parse.GetValue(removeFile)!, parse.GetValue(removeName)!));

        var listFile = CredentialsOption();
        var list = new Command("list", "List the users and their mechanisms") { listFile };
        list.SetAction(parse => List(parse.GetValue(listFile)!));

        return new Command("user", "Manage the SASL users of a credentials file (kpipe broker start --sasl-credentials)") { add, remove, list };
    }

    private static Option<string> CredentialsOption() =>
        new("--credentials") { Description = "The credentials file (JSON with salted SCRAM hashes)", Required = true };

    private static string ReadPassword(bool fromStdin, string? given)
    {
        if (fromStdin)
        {
            return Console.In.ReadLine() is { Length: > 0 } line ? line.TrimEnd('\r') : throw new UserException("--password-stdin: standard input held no password");
        }

        if (given is not null)
        {
            return given;
        }

        if (Console.IsInputRedirected)
        {
            throw new UserException("give the password with --password-stdin (or --password)");
        }

        var first = AnsiConsole.Prompt(new TextPrompt<string>("Password:").Secret());
        var second = AnsiConsole.Prompt(new TextPrompt<string>("Again:").Secret());
        return first == second ? first : throw new UserException("the two passwords differ");
    }

    private static int Add(string file, string name, string password, int iterations)
    {
        if (iterations is < ScramMechanism.MinIterations or > ScramMechanism.MaxIterations)
        {
            throw new UserException($"--iterations must be between {ScramMechanism.MinIterations} and {ScramMechanism.MaxIterations}");
        }

        var store = Load(file, missingIsEmpty: true);
        var existed = store.Users.Contains(name);
        try
        {
            store = store.WithUser(name, password, iterations);
        }
        catch (ArgumentException e)
        {
            throw new UserException(e.Message);
        }

        store.Save(file);
        Console.WriteLine($"{(existed ? "Updated" : "Added")} user '{name}' ({string.Join(", ", ScramMechanism.All.Select(m => m.Name))}, {iterations} iterations) in {file}");
        return ExitCodes.Success;
    }

    private static int Remove(string file, string name)
    {
        var store = Load(file, missingIsEmpty: false).WithoutUser(name, out var removed);
        if (!removed)
        {
            throw new UserException($"no user '{name}' in {file}");
        }

        store.Save(file);
        Console.WriteLine($"Removed user '{name}' from {file}");
        return ExitCodes.Success;
    }

    private static int List(string file)
    {
        var store = Load(file, missingIsEmpty: false);
        foreach (var user in store.Users)
        {
            var mechanisms = ScramMechanism.All.Where(m => store.Find(user, m) is not null).Select(m => m.Name);
            Console.WriteLine($"{user}\t{string.Join(",", mechanisms)}");
        }

        return ExitCodes.Success;
    }

    private static CredentialStore Load(string file, bool missingIsEmpty)
    {
        try
        {
            return CredentialStore.Load(file, missingIsEmpty);
        }
        catch (InvalidDataException e)
        {
            throw new UserException(e.Message);
        }
    }
}
