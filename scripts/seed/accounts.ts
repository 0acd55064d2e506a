import { DEMO_PASSWORD } from './generate';
import { REGIONS } from './catalog';

export function printDemoAccounts(baseUrl = 'http://localhost:8787'): void {
  const lines = [
    `Demo accounts (password for all: ${DEMO_PASSWORD})`,
    '  director@example.com        all regions',
    '  admin@example.com           settings and API tokens',
    ...REGIONS.flatMap((region) => [
      `  manager.${region.code}@example.com`.padEnd(30) + `${region.name} region manager`,
      `  rep.${region.code}1@example.com`.padEnd(30) +
        `a rep in ${region.name} (rep.${region.code}2, rep.${region.code}3 … too)`,
    ]),
    '  business.east@example.com   East business (also legal.east@…; same for every region)',
    '',
    `Open ${baseUrl}/login`,
  ];
  console.log(lines.join('\n'));
}
