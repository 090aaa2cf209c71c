#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { ConfigError, loadAppConfig } from '../config/app-config';
import { CliUsageError, EXIT_BAD_INPUT, oneLine } from './cli-error';

/*
 * Each command's module is required when that command runs, not here: `scorecard check` on a .txt must not
 * pay for loading TypeORM, sqlite3, exceljs or the PDF/Word/HTML extractors it never touches (start-up was
 * ~10× `node -e 0` when everything was imported at the top).
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const checkCommand = () => require('./check.command') as typeof import('./check.command');
const batchCommand = () => require('./batch/batch.command') as typeof import('./batch/batch.command');
const keysCommand = () => require('./keys.command') as typeof import('./keys.command');
const rubricCommand = () => require('./rubric.command') as typeof import('./rubric.command');
const database = () => require('../schema') as typeof import('../schema');
const rubricLoader = () => require('../rubric/rubric-loader') as typeof import('../rubric/rubric-loader');
/* eslint-enable @typescript-eslint/no-require-imports */

const out = (text: string): void => void process.stdout.write(`${text}\n`);
const err = (text: string): void => void process.stderr.write(`${text}\n`);
const config = () => loadAppConfig(process.env);
const registry = () => rubricLoader().loadRubricDirectory(config().rubricDir ?? rubricLoader().DEFAULT_RUBRIC_DIR);

export function buildProgram(setExitCode: (code: number) => void): Command {
  const program = new Command('scorecard')
    .description('Fazhi Scorecard: scores annual reports on 法治政府建设 against the 2021—2025 outline')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });

  program
    .command('check')
    .description('score report files (txt, html, docx, doc, wps, ofd, pdf, scanned pdf, png, jpg, tif) and print their score cards; needs no server')
    .argument('<files...>', 'report files')
    .option('--json', 'one JSON score card per file, one per line')
    .option('--profile <profile>', 'county_government | department | township (default: from the issuer)')
    .option('--rubric <ref>', 'rubric as ID or ID@VERSION (default: the current one)')
    .option('--min-score <n>', 'exit 1 when a file scores below N (a pre-submission gate)')
    .option('--docx <out>', 'also write the feedback letter (评估反馈意见, .docx) of the one file to OUT')
    .action(async (files: string[], options) => {
      setExitCode(await checkCommand().runCheck(files, { ...options, maxUploadMb: config().maxUploadMb, ocr: config().ocr }, registry(), { out, err, color: process.stdout.isTTY === true }));
    });

  program
    .command('batch')
    .description('score many reports (files, folders, zips) and write a ranking: in-process, or through the queue with --queue')
    .argument('<paths...>', 'report files, folders (searched recursively) or .zip archives')
    .option('--out <file>', 'FILE.xlsx, FILE.csv or FILE.json')
    .option('--queue', 'go through the BullMQ queue and its workers (needs REDIS_URL and DATABASE_URL)')
    .option('--concurrency <n>', 'worker threads scoring files at once (default: the number of CPU cores)')
    .option('--profile <profile>', 'county_government | department | township (default: from the issuer)')
    .option('--rubric <ref>', 'rubric as ID or ID@VERSION (default: the current one)')
    .option('--name <name>', 'a name for the batch (with --queue)')
    .action(async (paths: string[], options) => {
      setExitCode(await batchCommand().runBatch(paths, options, registry(), config(), { out, err, tty: process.stderr.isTTY === true }));
    });

  program
    .command('compare')
    .description("last year's report against this year's: deltas, items newly met or regressed, text carried over, plan carried out")
    .argument('<old>', "last year's report file")
    .argument('<new>', "this year's report file")
    .option('--json', 'one JSON object')
    .option('--profile <profile>', 'county_government | department | township (default: from the issuer)')
    .option('--rubric <ref>', 'rubric as ID or ID@VERSION (default: the current one)')
    .action(async (oldFile: string, newFile: string, options) => {
      const { runCompare } = await import('./compare.command');
      setExitCode(await runCompare(oldFile, newFile, { ...options, maxUploadMb: config().maxUploadMb, ocr: config().ocr }, registry(), out));
    });

  const rubric = program.command('rubric').description('list, show and validate rubrics');
  rubric.command('list').description('loaded rubrics').action(() => out(rubricCommand().rubricList(registry())));
  rubric
    .command('show')
    .description('one rubric, its items and profiles')
    .argument('[ref]', 'ID or ID@VERSION (default: the current rubric)')
    .option('--json', 'one JSON object')
    .action((ref: string | undefined, options: { json?: boolean }) => out(rubricCommand().rubricShow(registry(), ref, options.json === true)));
  rubric
    .command('validate')
    .description('check a rubric file against the schema')
    .argument('<file>')
    .action((file: string) => out(rubricCommand().rubricValidate(file)));

  const keys = program.command('keys').description('API keys (works on the database directly)');
  keys
    .command('create')
    .description('create a key; it is printed once')
    .requiredOption('--role <role>', 'admin | reviewer | agency')
    .option('--org <name>', 'organisation (created when new); required for agency keys')
    .option('--parent-org <name>', 'the supervising organisation above --org')
    .option('--name <name>', 'a label for the key')
    .action(async (options) => out(await keysCommand().keysCreate(config(), options)));
  keys.command('list').description('all keys (never the secrets)').action(async () => out(await keysCommand().keysList(config())));
  keys
    .command('revoke')
    .description('revoke a key by id')
    .argument('<id>')
    .action(async (id: string) => out(await keysCommand().keysRevoke(config(), id)));

  program
    .command('migrate')
    .description('bring the database schema up to date')
    .action(async () => {
      const dataSource = await database().openDatabase(config().database);
      const applied = await dataSource.showMigrations();
      await dataSource.destroy();
      out(applied ? 'migrations pending after run' : 'database schema is up to date');
    });

  return program;
}

export async function runCli(argv: string[]): Promise<number> {
  let exitCode = 0;
  const program = buildProgram((code) => (exitCode = code));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end the program this way too
      return error.exitCode === 0 ? 0 : EXIT_BAD_INPUT;
    }
    if (error instanceof CliUsageError || error instanceof ConfigError || (error as Error).name === 'BatchInputError' || (error as Error).name === 'RubricValidationError' || (error as Error).name === 'IntakeError') {
      err(oneLine(error));
      return EXIT_BAD_INPUT;
    }
    err(`scorecard: ${oneLine(error)}`);
    return 3;
  }
}

if (require.main === module) {
  runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
