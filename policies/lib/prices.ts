// List prices (data/prices.json) and the monthly estimate of an environment.
import prices from "../data/prices.json";

export const PRICES = prices;
export const HOURS_PER_MONTH: number = prices.hoursPerMonth;

export function instanceHourly(instanceType: string): number | undefined {
    return (prices.ec2OnDemandLinuxPerHour as Record<string, number>)[instanceType];
}
