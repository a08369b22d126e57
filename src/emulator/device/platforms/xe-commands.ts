/**
 * IOS-XE (cBR-8) commands that are actions rather than configuration lines: privilege, entering and leaving
 * configuration mode, showing and saving the configuration, and the interactive `crypto pki authenticate`.
 */
import { createHash, X509Certificate } from 'node:crypto';
import type { CommandContext, CommandDefinition } from '../cli/command.js';
import { CliInputError } from '../cli/error-text.js';
import { renderXeBody, renderXeStartup } from '../config/render-xe.js';
import { resolvePath, type ConfigNode } from '../config/tree.js';
import { configMetaOf, runtimeOf } from '../device-runtime.js';
import { showCallHomeProfile } from './call-home-profile.js';
import { doCommand, sessionCommands, showCommands, terminalCommands } from './common-commands.js';

export const XE_MODES = {
  user: 'user-exec',
  exec: 'privileged-exec',
  config: 'config',
  interface: 'config-if',
  callHome: 'cfg-call-home',
  callHomeProfile: 'cfg-call-home-profile',
  trustpoint: 'ca-trustpoint',
  controller: 'config-controller',
  rfChannel: 'config-rf-chan',
} as const;

function logConfigured(ctx: CommandContext): void {
  runtimeOf(ctx.device).syslog.append({
    at: ctx.now(),
    facility: 'SYS',
    severity: 5,
    mnemonic: 'CONFIG_I',
    text: `Configured from console by ${ctx.session.user} on vty0 (${ctx.session.remoteAddress})`,
  });
}

function leave(ctx: CommandContext): void {
  ctx.control.leaveConfig();
  logConfigured(ctx);
}

const ENTER_BANNER = 'Enter configuration commands, one per line.  End with CNTL/Z.';

async function enable(ctx: CommandContext): Promise<void> {
  const rt = runtimeOf(ctx.device);
  if (ctx.session.privilege < 15 && rt.enableSecret !== undefined) {
    for (let attempt = 0; attempt < 3; attempt++) {
      const password = await ctx.ask('Password: ', { secret: true });
      ctx.print('');
      if (password === rt.enableSecret) {
        ctx.control.setPrivilege(15);
        ctx.control.resetMode(XE_MODES.exec);
        return;
      }
    }
    ctx.print('% Bad secrets');
    ctx.print('');
    ctx.control.markFailed();
    return;
  }
  ctx.control.setPrivilege(15);
  ctx.control.resetMode(XE_MODES.exec);
}

function interfaceLines(node: ConfigNode): string[] {
  return renderXeBody({ line: '', key: '', order: 0, block: true, children: [node] }).filter((l) => l !== 'end');
}

/** `30820122 300D0609 …`, 8 groups of 8 hex digits per line, as `crypto pki certificate chain` prints DER. */
export function hexLines(der: Buffer): string[] {
  const hex = der.toString('hex').toUpperCase();
  const groups = hex.match(/.{1,8}/g) ?? [];
  const lines: string[] = [];
  for (let i = 0; i < groups.length; i += 8) lines.push(groups.slice(i, i + 8).join(' '));
  return lines;
}

function fingerprint(der: Buffer, algorithm: 'md5' | 'sha1'): string {
  return (createHash(algorithm).update(der).digest('hex').toUpperCase().match(/.{8}/g) ?? []).join(' ');
}

async function authenticateTrustpoint(ctx: CommandContext, name: string, offset: number): Promise<void> {
  const rt = runtimeOf(ctx.device);
  const trustpoint = resolvePath(rt.store.running(), [`crypto pki trustpoint ${name}`]);
  if (trustpoint === undefined) throw new CliInputError('invalid', offset);
  ctx.print(['', 'Enter the base 64 encoded CA certificate.', 'End with a blank line or the word "quit" on a line by itself', '']);
  const pasted: string[] = [];
  for (let i = 0; i < 2000; i++) {
    const line = (await ctx.ask('')).trim();
    if (line === '' || line === 'quit') break;
    pasted.push(line);
  }
  const pem = pasted.join('\n');
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch {
    ctx.print('% Error in saving certificate: status = FAIL');
    ctx.control.markFailed();
    return;
  }
  const der = cert.raw;
  ctx.print([
    'Certificate has the following attributes:',
    `       Fingerprint MD5: ${fingerprint(der, 'md5')} `,
    `      Fingerprint SHA1: ${fingerprint(der, 'sha1')} `,
    '',
  ]);
  const answer = (await ctx.ask('% Do you accept this certificate? [yes/no]: ')).trim().toLowerCase();
  if (answer !== 'yes' && answer !== 'y') {
    ctx.print('% Certificate not imported');
    return;
  }
  const serial = cert.serialNumber.replace(/^0+(?=.)/, '').toUpperCase();
  const chain = `crypto pki certificate chain ${name}`;
  const certLine = `certificate ca ${serial.length % 2 === 1 ? `0${serial}` : serial}`;
  const order = rt.platform.topLevelOrder(chain);
  const ops = [
    { kind: 'set' as const, path: [], line: chain, key: chain, order, block: true },
    { kind: 'set' as const, path: [chain], line: certLine, key: certLine, order: 0, block: true },
    ...hexLines(der).map((hex, i) => ({ kind: 'set' as const, path: [chain, certLine], line: hex, key: `${i}:${hex}`, order: i, block: false })),
    { kind: 'set' as const, path: [chain, certLine], line: 'quit', key: 'quit', order: 1_000_000, block: false },
  ];
  const result = rt.store.apply(ops, { source: 'cli', user: ctx.session.user, sessionId: ctx.session.id });
  if (!result.ok) {
    ctx.print(result.rejected.map((r) => r.message));
    ctx.control.markFailed();
    return;
  }
  if (result.changes.length > 0) ctx.control.markConfigChanged();
  ctx.print(['Trustpoint CA certificate accepted.', '% Certificate successfully imported', '']);
}

/**
 * `no crypto pki trustpoint <name>`: removes the trustpoint and the certificates it holds (`crypto pki
 * certificate chain <name>`), asking first when there are certificates, as IOS does [INF: wording from IOS
 * 15.x/16.x consoles; the seeds show no removal].
 */
async function removeTrustpoint(ctx: CommandContext, name: string): Promise<void> {
  const rt = runtimeOf(ctx.device);
  const trustpoint = `crypto pki trustpoint ${name}`;
  const chain = `crypto pki certificate chain ${name}`;
  const running = rt.store.running();
  const hasTrustpoint = resolvePath(running, [trustpoint]) !== undefined;
  const hasChain = resolvePath(running, [chain]) !== undefined;
  if (!hasTrustpoint && !hasChain) return;
  if (hasChain) {
    ctx.print(['% Removing an enrolled trust point will destroy all certificates', 'received from the related Certificate Authority.', '']);
    const answer = (await ctx.ask('Are you sure you want to do this? [yes/no]: ')).trim().toLowerCase();
    if (answer !== 'yes' && answer !== 'y') return;
  }
  const ops = [
    ...(hasTrustpoint ? [{ kind: 'delete' as const, path: [], key: trustpoint, line: trustpoint }] : []),
    ...(hasChain ? [{ kind: 'delete' as const, path: [], key: chain, line: chain }] : []),
  ];
  const result = rt.store.apply(ops, { source: 'cli', user: ctx.session.user, sessionId: ctx.session.id });
  if (!result.ok) {
    ctx.print(result.rejected.map((r) => r.message));
    ctx.control.markFailed();
    return;
  }
  if (result.changes.length > 0) ctx.control.markConfigChanged();
  if (hasChain) ctx.print('% Be sure to ask the CA administrator to revoke your certificates.');
}

export function xeCommands(): CommandDefinition[] {
  return [
    ...terminalCommands(),
    ...sessionCommands(),
    ...showCommands(),
    showCallHomeProfile([XE_MODES.exec]),
    doCommand(XE_MODES.exec),
    {
      syntax: 'enable [<level:number(0-15)>]',
      modes: ['@exec'],
      kind: 'mode',
      run: enable,
    },
    {
      syntax: 'disable',
      modes: [XE_MODES.exec],
      kind: 'mode',
      run: (ctx) => {
        ctx.control.setPrivilege(1);
        ctx.control.resetMode(XE_MODES.user);
      },
    },
    {
      syntax: 'configure terminal',
      modes: [XE_MODES.exec],
      kind: 'mode',
      run: (ctx) => {
        ctx.print(ENTER_BANNER);
        ctx.control.pushMode(XE_MODES.config);
      },
    },
    {
      syntax: 'configure',
      modes: [XE_MODES.exec],
      kind: 'mode',
      run: async (ctx) => {
        const answer = (await ctx.ask('Configuring from terminal, memory, or network [terminal]? ')).trim().toLowerCase();
        if (answer !== '' && !'terminal'.startsWith(answer)) {
          ctx.print('?Must be "terminal", "memory" or "network"');
          return;
        }
        ctx.print(ENTER_BANNER);
        ctx.control.pushMode(XE_MODES.config);
      },
    },
    {
      syntax: 'end',
      modes: ['@config'],
      kind: 'mode',
      run: leave,
    },
    {
      syntax: 'exit',
      modes: ['@config'],
      kind: 'mode',
      run: (ctx) => {
        if (ctx.session.mode === XE_MODES.config) leave(ctx);
        else ctx.control.popMode();
      },
    },
    {
      syntax: [
        'show running-config',
        'show running-config {all|full|brief}:option',
        'show running-config view full',
      ],
      modes: [XE_MODES.exec],
      run: (ctx) => {
        const rt = runtimeOf(ctx.device);
        ctx.print(rt.platform.renderRunning(rt.store.running(), configMetaOf(rt)));
      },
    },
    {
      syntax: 'show running-config interface <if:ifname>',
      modes: [XE_MODES.exec],
      run: (ctx, m) => {
        const rt = runtimeOf(ctx.device);
        const node = resolvePath(rt.store.running(), [`interface ${m.args['if'] ?? ''}`]);
        if (node === undefined) throw new CliInputError('invalid', m.tokens[m.argIndex['if'] ?? 0]?.start ?? 0);
        const body = ['!', ...interfaceLines(node), 'end'];
        const bytes = Buffer.byteLength(body.map((l) => `${l}\n`).join(''));
        ctx.print(['Building configuration...', '', `Current configuration : ${bytes} bytes`, ...body, '']);
      },
    },
    {
      syntax: 'show startup-config',
      modes: [XE_MODES.exec],
      run: (ctx) => {
        const rt = runtimeOf(ctx.device);
        const startup = rt.store.startup();
        if (startup === undefined) ctx.print('startup-config is not present');
        else ctx.print(renderXeStartup(startup, configMetaOf(rt)));
      },
    },
    {
      syntax: ['write', 'write memory'],
      modes: [XE_MODES.exec],
      run: (ctx) => {
        runtimeOf(ctx.device).store.saveStartup(ctx.session.user);
        ctx.print(['Building configuration...', '[OK]']);
      },
    },
    {
      syntax: 'copy running-config <destination:word>',
      modes: [XE_MODES.exec],
      run: async (ctx, m) => {
        const destination = m.args['destination'] ?? '';
        const target = /^(?:nvram:)?startup-config$/i.test(destination) ? 'startup-config' : destination;
        const answer = (await ctx.ask(`Destination filename [${target.replace(/^\w+:/, '')}]? `)).trim();
        if (target !== 'startup-config' || (answer !== '' && answer !== 'startup-config')) {
          ctx.print(`%Error opening ${answer === '' ? target : answer} (Permission denied)`);
          ctx.control.markFailed();
          return;
        }
        runtimeOf(ctx.device).store.saveStartup(ctx.session.user);
        ctx.print(['Building configuration...', '[OK]']);
      },
    },
    {
      syntax: 'crypto pki authenticate <name:word>',
      modes: [XE_MODES.config],
      kind: 'exec',
      run: (ctx, m) => authenticateTrustpoint(ctx, m.args['name'] ?? '', m.tokens[m.argIndex['name'] ?? 0]?.start ?? 0),
    },
    {
      syntax: 'no crypto pki trustpoint <name:word>',
      modes: [XE_MODES.config],
      kind: 'exec',
      run: (ctx, m) => removeTrustpoint(ctx, m.args['name'] ?? ''),
    },
  ];
}
