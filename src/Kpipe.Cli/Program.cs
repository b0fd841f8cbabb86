Console.Error.WriteLine("kpipe: the command line is being built; see README.md");
return 1;
