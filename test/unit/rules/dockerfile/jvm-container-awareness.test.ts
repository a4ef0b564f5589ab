import rule from '../../../../server/src/rules/dockerfile/jvm-container-awareness';
import { run } from '../../../helpers/ruleTester';

run(rule, {
  valid: [
    'FROM eclipse-temurin:21-jre\nENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"\nCMD ["java", "-jar", "/app.jar"]\n',
    { name: 'old JDK only in the build stage', code: 'FROM maven:3-jdk-8 AS build\nRUN mvn -q package\nFROM openjdk:8u181-jdk AS test\nFROM eclipse-temurin:8-jre\nCMD ["java", "-jar", "/app.jar"]\n' },
    { name: '8u191 and later, and 8 without an update number', code: 'FROM openjdk:8u191-jre-alpine\nCMD ["java", "-jar", "/a.jar"]\n' },
    'FROM openjdk:8-jre-slim\n',
    'FROM openjdk:11-jre-slim\n',
    { name: 'heap flags at build time are not the runtime heap', code: 'FROM eclipse-temurin:21-jdk\nRUN java -Xmx2g -jar /build.jar\nENV MAVEN_OPTS=-Xmx1g\n' },
    { name: 'other -X flags', code: 'FROM eclipse-temurin:21-jre\nENV JAVA_OPTS="-Xss512k -XX:MaxRAMPercentage=75"\nCMD java $JAVA_OPTS -jar /app.jar\n' },
    { name: '-Xmx not given to java', code: 'FROM alpine:3.20\nCMD ["echo", "-Xmx512m"]\n' },
    { name: 'unrelated images with 8u-like tags', code: 'FROM nginx:8u100\n' },
  ],
  invalid: [
    { code: 'FROM [|openjdk:8u181-jre|]\nCMD ["java", "-jar", "/app.jar"]\n', errors: ['oldJvm'] },
    { name: 'the retired java image', code: 'FROM [|java:8|]\n', errors: ['oldJvm'] },
    { name: 'openjdk 7 and 9', code: 'FROM openjdk:9-jre AS x\nFROM [|openjdk:7-jdk|]\n', errors: ['oldJvm'] },
    { name: 'other vendors\' 8u builds, through a stage chain', code: 'FROM [|adoptopenjdk/openjdk8:jdk8u172-b11-alpine|] AS runtime\nFROM runtime\nCMD ["java", "-jar", "/a.jar"]\n', errors: ['oldJvm'] },
    { name: 'ARG-resolved tag', code: 'ARG JAVA=8u171-jre\nFROM [|openjdk:${JAVA}|]\n', errors: ['oldJvm'] },
    { name: 'JSON form -Xmx', code: 'FROM eclipse-temurin:21-jre\nCMD ["java", [|"-Xmx512m"|], "-jar", "/app.jar"]\n', errors: ['heapPinned'] },
    { name: 'shell form -Xms and -Xmx', code: 'FROM eclipse-temurin:21-jre\nENTRYPOINT exec java [|-Xms1g|] [|-Xmx1g|] -jar /app.jar\n', errors: ['heapPinned', 'heapPinned'] },
    { name: 'sh -c', code: 'FROM eclipse-temurin:21-jre\nCMD ["sh", "-c", "exec java [|-Xmx2G|] -jar /app.jar"]\n', errors: ['heapPinned'] },
    { name: 'ENV options, quoted, several per line', code: 'FROM tomcat:10-jre21\nENV JAVA_OPTS="-server [|-Xmx768m|]" CATALINA_OPTS=[|-Xms256m|]\nENV JAVA_TOOL_OPTIONS [|-Xmx1g|]\n', errors: ['heapPinned', 'heapPinned', 'heapPinned'] },
    { name: 'both problems', code: 'FROM [|openjdk:8u151-jre|]\nENV JAVA_OPTS=[|-Xmx512m|]\n', errors: ['oldJvm', 'heapPinned'] },
  ],
});
