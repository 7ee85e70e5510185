export { BarChart, type BarChartProps } from "./bar-chart";
export { LineChart, type LineChartProps } from "./line-chart";
export { MilestoneTimeline, type MilestoneTimelineProps } from "./milestone-timeline";
