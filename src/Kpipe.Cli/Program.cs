using Kpipe.Cli;

return await KpipeApp.RunAsync(args);
